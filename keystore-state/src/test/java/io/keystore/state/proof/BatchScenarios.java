package io.keystore.state.proof;

import static io.keystore.state.testing.Fixtures.DAY;
import static io.keystore.state.testing.Fixtures.DOMAIN;
import static io.keystore.state.testing.Fixtures.SIGNING;
import static io.keystore.state.testing.Fixtures.T0;
import static io.keystore.state.testing.Fixtures.creation;
import static io.keystore.state.testing.Fixtures.field;
import static io.keystore.state.testing.Fixtures.guardians;
import static io.keystore.state.testing.Fixtures.key;
import static io.keystore.state.testing.ScenarioAccount.*;

import io.keystore.state.account.AccountCreation;
import io.keystore.state.account.GuardianSet;
import io.keystore.state.account.Settings;
import io.keystore.state.api.BatchResult;
import io.keystore.state.api.KeystoreState;
import io.keystore.state.api.TxOutcome;
import io.keystore.state.crypto.PrivateKey;
import io.keystore.state.tree.MemoryTreeStore;
import io.keystore.state.tx.Transaction;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A run of batches over one state that takes every branch of the state transition once: both
 * kinds of creation, owner rotation, requested, withdrawn and applied-at-once updates, approvals
 * below and at the threshold, the veto, both kinds of finalisation, a batch of several
 * transactions, an empty batch, and a full 16-slot batch. Shared by the witness vectors and the
 * prover tests.
 */
public final class BatchScenarios {

  /** A named batch and its witness. */
  public record Scenario(String name, BatchResult result, BatchWitness witness) {}

  static final PrivateKey SOLO = key("solo owner");
  static final PrivateKey SOLO_NEW = key("solo new owner");
  static final PrivateKey H0 = key("second account guardian 0");
  static final PrivateKey H1 = key("second account guardian 1");

  private final KeystoreState state = new KeystoreState(new MemoryTreeStore(), DOMAIN);
  private final List<Scenario> scenarios = new ArrayList<>();

  private BatchScenarios() {}

  /** Every scenario, with batches of {@code slots} slots (1 for most; 4 for the mixed one). */
  public static List<Scenario> all() {
    BatchScenarios s = new BatchScenarios();
    s.run();
    return List.copyOf(s.scenarios);
  }

  private void run() {
    Settings solo = new Settings(SOLO.publicKey(), GuardianSet.none(DAY), RULES);
    AccountCreation soloCreation = creation("solo salt", solo);
    GuardianSet second = guardians(1, DAY, H0, H1);
    AccountCreation secondCreation =
        creation("second salt", new Settings(key("second owner").publicKey(), second, RULES));
    long t = T0;

    batch("update-creates-account", t, 1,
        SIGNING.updateConfig(OWNER, ACCOUNT, 0, INITIAL, Optional.of(CREATION)));
    batch("update-rotates-owner-and-requests-update", t += 60, 1,
        SIGNING.updateConfig(OWNER, ACCOUNT, 1,
            new Settings(THIEF.publicKey(), GUARDIANS, HIGH_RULES), Optional.empty()));
    batch("approve-proposes-recovery", t += 60, 1,
        SIGNING.approveRecovery(G0, ACCOUNT, 0, NEW_OWNER.publicKey(), 0, Optional.empty()));
    batch("approve-reaches-threshold-and-drops-update", t += 60, 1,
        SIGNING.approveRecovery(G2, ACCOUNT, 2, NEW_OWNER.publicKey(), 0, Optional.empty()));
    batch("approve-after-threshold", t += 60, 1,
        SIGNING.approveRecovery(G1, ACCOUNT, 1, NEW_OWNER.publicKey(), 0, Optional.empty()));
    long due = t + DAY;
    batch("finalise-recovery", t = due, 1, new Transaction.FinaliseRecovery(ACCOUNT));
    batch("update-requests-guardian-change", t += 60, 1,
        SIGNING.updateConfig(NEW_OWNER, ACCOUNT, 2,
            new Settings(NEW_OWNER.publicKey(), guardians(1, DAY, G0, G1), RULES),
            Optional.empty()));
    batch("update-withdraws-pending-update", t += 60, 1,
        SIGNING.updateConfig(NEW_OWNER, ACCOUNT, 3,
            new Settings(NEW_OWNER.publicKey(), GUARDIANS, RULES), Optional.empty()));
    batch("update-requests-rules-change", t += 60, 1,
        SIGNING.updateConfig(NEW_OWNER, ACCOUNT, 4,
            new Settings(NEW_OWNER.publicKey(), GUARDIANS, HIGH_RULES), Optional.empty()));
    batch("approve-proposes-recovery-again", t += 60, 1,
        SIGNING.approveRecovery(G1, ACCOUNT, 1, STRANGER.publicKey(), 1, Optional.empty()));
    batch("cancel-vetoes-recovery", t += 60, 1, SIGNING.cancelRecovery(NEW_OWNER, ACCOUNT, 5));
    batch("finalise-update", t += DAY, 1, new Transaction.FinaliseRecovery(ACCOUNT));
    batch("approve-creates-account", t += 60, 1,
        SIGNING.approveRecovery(H1, secondCreation.address(), 1, NEW_OWNER.publicKey(), 0,
            Optional.of(secondCreation)));
    batch("several-transactions-and-an-empty-slot", t += 60, 4,
        SIGNING.updateConfig(SOLO, soloCreation.address(), 0, solo, Optional.of(soloCreation)),
        SIGNING.updateConfig(SOLO, soloCreation.address(), 1,
            new Settings(SOLO_NEW.publicKey(), guardians(1, 2 * DAY, G0), field("solo rules")),
            Optional.empty()),
        SIGNING.updateConfig(OWNER, ACCOUNT, 6, INITIAL, Optional.empty()) /* rejected: wrong signer */,
        SIGNING.approveRecovery(H0, secondCreation.address(), 0, NEW_OWNER.publicKey(), 0,
            Optional.empty()));
    batch("empty-batch", t += 60, 1);
    batch("sixteen-accounts-created", t += 60, 16, sixteenCreations());
  }

  /** Sixteen new accounts, each created by its owner's first UpdateConfig: a full batch-16. */
  private static Transaction[] sixteenCreations() {
    Transaction[] txs = new Transaction[16];
    for (int i = 0; i < txs.length; i++) {
      PrivateKey owner = key("batch-16 owner " + i);
      Settings settings = new Settings(owner.publicKey(), guardians(1, DAY, G0), RULES);
      AccountCreation c = creation("batch-16 salt " + i, settings);
      txs[i] = SIGNING.updateConfig(owner, c.address(), 0, settings, Optional.of(c));
    }
    return txs;
  }

  private void batch(String name, long time, int slots, Transaction... txs) {
    BatchResult r = state.applyBatch(List.of(txs), time);
    for (TxOutcome o : r.outcomes()) {
      if (o instanceof TxOutcome.Rejected rej && !name.startsWith("several")) {
        throw new IllegalStateException(name + ": rejected: " + rej.reason() + ": " + rej.message());
      }
    }
    scenarios.add(new Scenario(name, r, BatchWitness.of(r, DOMAIN, slots)));
  }
}
