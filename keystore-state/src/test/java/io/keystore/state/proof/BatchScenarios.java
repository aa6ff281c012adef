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
import io.keystore.state.account.PendingRecovery;
import io.keystore.state.account.Settings;
import io.keystore.state.api.BatchResult;
import io.keystore.state.api.KeystoreState;
import io.keystore.state.api.TxOutcome;
import io.keystore.state.crypto.Address;
import io.keystore.state.crypto.PrivateKey;
import io.keystore.state.stf.RejectionReason;
import io.keystore.state.tree.MemoryTreeStore;
import io.keystore.state.tx.ForcedTransaction;
import io.keystore.state.tx.Transaction;
import io.keystore.state.tx.TxCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;

/**
 * A run of batches over one state that takes every branch of the state transition once: both kinds
 * of creation, owner rotation, requested, withdrawn and applied-at-once updates, approvals below
 * and at the threshold, a guardian's veto and the owner's cancel after it, both kinds of
 * finalisation, a batch of several transactions, an empty batch, a full 16-slot batch, and the
 * batches of issue 17's thief who cannot stall a recovery ({@code thief-cannot-stall}). Shared by
 * the witness vectors and the prover tests.
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

    batch(
        "update-creates-account",
        t,
        1,
        SIGNING.updateConfig(OWNER, ACCOUNT, 0, INITIAL, Optional.of(CREATION)));
    forcedBatch(
        "update-rotates-owner-and-requests-update",
        t += 60,
        1,
        List.of(
            applied(
                OWNER,
                SIGNING.updateConfig(
                    OWNER,
                    ACCOUNT,
                    1,
                    new Settings(THIEF.publicKey(), GUARDIANS, HIGH_RULES),
                    Optional.empty()))));
    // forced in while the requested update waits its delay: rejected by proof, the root stays
    forcedBatch(
        "forced-finalise-before-the-delay-keeps-the-root",
        t += 60,
        1,
        List.of(
            rejected(
                null,
                new Transaction.FinaliseRecovery(ACCOUNT),
                RejectionReason.DELAY_NOT_PASSED)));
    batch(
        "approve-proposes-recovery",
        t += 60,
        1,
        SIGNING.approveRecovery(G0, ACCOUNT, 0, NEW_OWNER.publicKey(), 0, Optional.empty()));
    batch(
        "approve-reaches-threshold-and-drops-update",
        t += 60,
        1,
        SIGNING.approveRecovery(G2, ACCOUNT, 2, NEW_OWNER.publicKey(), 0, Optional.empty()));
    batch(
        "approve-after-threshold",
        t += 60,
        1,
        SIGNING.approveRecovery(G1, ACCOUNT, 1, NEW_OWNER.publicKey(), 0, Optional.empty()));
    long due = t + DAY;
    batch("finalise-recovery", t = due, 1, new Transaction.FinaliseRecovery(ACCOUNT));
    batch(
        "update-requests-guardian-change",
        t += 60,
        1,
        SIGNING.updateConfig(
            NEW_OWNER,
            ACCOUNT,
            2,
            new Settings(NEW_OWNER.publicKey(), guardians(1, DAY, G0, G1), RULES),
            Optional.empty()));
    batch(
        "update-withdraws-pending-update",
        t += 60,
        1,
        SIGNING.updateConfig(
            NEW_OWNER,
            ACCOUNT,
            3,
            new Settings(NEW_OWNER.publicKey(), GUARDIANS, RULES),
            Optional.empty()));
    batch(
        "approve-proposes-recovery-again",
        t += 60,
        1,
        SIGNING.approveRecovery(G1, ACCOUNT, 1, STRANGER.publicKey(), 1, Optional.empty()));
    batch(
        "approve-reaches-threshold-again",
        t += 60,
        1,
        SIGNING.approveRecovery(G2, ACCOUNT, 2, STRANGER.publicKey(), 1, Optional.empty()));
    batch("veto-at-threshold", t += 60, 1, veto(G0, ACCOUNT, 0, 1));
    batch("cancel-vetoes-recovery", t += 60, 1, SIGNING.cancelRecovery(NEW_OWNER, ACCOUNT, 4));
    batch(
        "update-requests-rules-change",
        t += 60,
        1,
        SIGNING.updateConfig(
            NEW_OWNER,
            ACCOUNT,
            5,
            new Settings(NEW_OWNER.publicKey(), GUARDIANS, HIGH_RULES),
            Optional.empty()));
    batch("finalise-update", t += DAY, 1, new Transaction.FinaliseRecovery(ACCOUNT));
    batch(
        "approve-creates-account",
        t += 60,
        1,
        SIGNING.approveRecovery(
            H1,
            secondCreation.address(),
            1,
            NEW_OWNER.publicKey(),
            0,
            Optional.of(secondCreation)));
    batch(
        "several-transactions-and-an-empty-slot",
        t += 60,
        4,
        SIGNING.updateConfig(SOLO, soloCreation.address(), 0, solo, Optional.of(soloCreation)),
        SIGNING.updateConfig(
            SOLO,
            soloCreation.address(),
            1,
            new Settings(SOLO_NEW.publicKey(), guardians(1, 2 * DAY, G0), field("solo rules")),
            Optional.empty()),
        SIGNING.updateConfig(
            OWNER, ACCOUNT, 6, INITIAL, Optional.empty()) /* rejected: wrong signer */,
        SIGNING.approveRecovery(
            H0, secondCreation.address(), 0, NEW_OWNER.publicKey(), 0, Optional.empty()));
    t = forcedScenarios(t + 60);
    t = thiefCannotStall(t + 60);
    batch("empty-batch", t += 60, 1);
    batch("sixteen-accounts-created", t += 60, 16, sixteenCreations());
  }

  static final PrivateKey FO = key("forced account owner");
  static final Settings FORCED_SETTINGS = new Settings(FO.publicKey(), GUARDIANS, RULES);
  static final AccountCreation FORCED_CREATION = creation("forced salt", FORCED_SETTINGS);
  static final Address FA = FORCED_CREATION.address();

  /**
   * Forced transactions (docs/spec/proof.md §7) on a fresh account: applied ones (an approval that
   * creates the account, one that reaches the threshold, a finalisation) and one rejected by proof
   * for each reason the L1 queue leaves possible (all but COUNTER_OVERFLOW, which no reachable
   * state shows), with the account present, absent, and absent with a creation.
   */
  private long forcedScenarios(long t) {
    Settings noGuardians = new Settings(SOLO_NEW.publicKey(), GuardianSet.none(DAY), RULES);
    AccountCreation lonely = creation("forced lonely salt", noGuardians);
    forcedBatch(
        "forced-cancel-account-not-found",
        t,
        1,
        List.of(
            rejected(FO, SIGNING.cancelRecovery(FO, FA, 0), RejectionReason.ACCOUNT_NOT_FOUND)));
    forcedBatch(
        "forced-approve-creates-account",
        t += 60,
        1,
        List.of(
            applied(
                G0,
                SIGNING.approveRecovery(
                    G0, FA, 0, NEW_OWNER.publicKey(), 0, Optional.of(FORCED_CREATION)))));
    forcedBatch(
        "forced-update-account-exists",
        t += 60,
        1,
        List.of(
            rejected(
                FO,
                SIGNING.updateConfig(FO, FA, 0, FORCED_SETTINGS, Optional.of(FORCED_CREATION)),
                RejectionReason.ACCOUNT_EXISTS)));
    forcedBatch(
        "forced-approve-duplicate",
        t += 60,
        1,
        List.of(
            rejected(
                G0,
                SIGNING.approveRecovery(G0, FA, 0, NEW_OWNER.publicKey(), 0, Optional.empty()),
                RejectionReason.DUPLICATE_APPROVAL)));
    forcedBatch(
        "forced-approve-not-a-guardian",
        t += 60,
        1,
        List.of(
            rejected(
                STRANGER,
                SIGNING.approveRecovery(
                    STRANGER, FA, 3, NEW_OWNER.publicKey(), 0, Optional.empty()),
                RejectionReason.NOT_A_GUARDIAN)));
    forcedBatch(
        "forced-finalise-threshold-not-reached",
        t += 60,
        1,
        List.of(
            rejected(
                null,
                new Transaction.FinaliseRecovery(FA),
                RejectionReason.THRESHOLD_NOT_REACHED)));
    forcedBatch(
        "forced-cancel-bad-nonce",
        t += 60,
        1,
        List.of(rejected(FO, SIGNING.cancelRecovery(FO, FA, 5), RejectionReason.BAD_NONCE)));
    forcedBatch(
        "forced-update-wrong-signer",
        t += 60,
        1,
        List.of(
            rejected(
                STRANGER,
                SIGNING.updateConfig(STRANGER, FA, 0, FORCED_SETTINGS, Optional.empty()),
                RejectionReason.WRONG_SIGNER)));
    forcedBatch(
        "forced-cancel-under-threshold-guardian-veto-required",
        t += 60,
        1,
        List.of(
            rejected(
                FO, SIGNING.cancelRecovery(FO, FA, 0), RejectionReason.GUARDIAN_VETO_REQUIRED)));
    forcedBatch(
        "forced-veto-under-threshold-nothing-pending",
        t += 60,
        1,
        List.of(rejected(G2, veto(G2, FA, 2, 0), RejectionReason.NOTHING_PENDING)));
    long thresholdAt = t += 60;
    forcedBatch(
        "forced-and-sequenced-in-one-batch",
        thresholdAt,
        4,
        List.of(
            applied(
                G1, SIGNING.approveRecovery(G1, FA, 1, NEW_OWNER.publicKey(), 0, Optional.empty())),
            rejected(
                G2,
                SIGNING.approveRecovery(G2, FA, 2, STRANGER.publicKey(), 0, Optional.empty()),
                RejectionReason.RECOVERY_IN_PROGRESS)),
        SIGNING.updateConfig(
            SOLO_NEW,
            soloAddress(),
            2,
            new Settings(SOLO_NEW.publicKey(), guardians(1, 2 * DAY, G0), field("solo rules")),
            Optional.empty()));
    forcedBatch(
        "forced-cancel-without-veto-guardian-veto-required",
        t += 60,
        1,
        List.of(
            rejected(
                FO, SIGNING.cancelRecovery(FO, FA, 0), RejectionReason.GUARDIAN_VETO_REQUIRED)));
    forcedBatch("forced-veto-applied", t += 60, 1, List.of(applied(G2, veto(G2, FA, 2, 0))));
    forcedBatch(
        "forced-veto-duplicate",
        t += 60,
        1,
        List.of(rejected(G2, veto(G2, FA, 2, 0), RejectionReason.DUPLICATE_APPROVAL)));
    forcedBatch(
        "forced-finalise-delay-not-passed",
        t += 60,
        1,
        List.of(
            rejected(
                null, new Transaction.FinaliseRecovery(FA), RejectionReason.DELAY_NOT_PASSED)));
    forcedBatch(
        "forced-finalise-applied",
        t = thresholdAt + DAY,
        1,
        List.of(applied(null, new Transaction.FinaliseRecovery(FA))));
    forcedBatch(
        "forced-approve-bad-recovery-epoch",
        t += 60,
        1,
        List.of(
            rejected(
                G0,
                SIGNING.approveRecovery(G0, FA, 0, STRANGER.publicKey(), 0, Optional.empty()),
                RejectionReason.BAD_RECOVERY_EPOCH)));
    forcedBatch(
        "forced-finalise-nothing-pending",
        t += 60,
        1,
        List.of(
            rejected(null, new Transaction.FinaliseRecovery(FA), RejectionReason.NOTHING_PENDING)));
    forcedBatch(
        "forced-approve-with-creation-not-a-guardian",
        t += 60,
        1,
        List.of(
            rejected(
                STRANGER,
                SIGNING.approveRecovery(
                    STRANGER, lonely.address(), 0, NEW_OWNER.publicKey(), 0, Optional.of(lonely)),
                RejectionReason.NOT_A_GUARDIAN)));
    return t;
  }

  static final PrivateKey TO = key("thief-cannot-stall owner");
  static final PrivateKey TT = key("thief-cannot-stall thief");
  static final PrivateKey TK = key("thief-cannot-stall guardians' key");

  /**
   * Issue 17 end to end: a thief with the owner key rotates it and asks for weaker settings; two of
   * three guardians reach the threshold in the same batch; the thief's cancel (forced, as a
   * censored user would) is rejected by proof for want of a guardian's veto; after the delay the
   * finalisation gives the guardians' key. The last batch is {@code thief-cannot-stall}.
   */
  private long thiefCannotStall(long t) {
    Settings initial = new Settings(TO.publicKey(), GUARDIANS, RULES);
    AccountCreation c = creation("thief-cannot-stall salt", initial);
    Address a = c.address();
    batch(
        "thief-cannot-stall-rotation-and-threshold",
        t,
        4,
        SIGNING.updateConfig(
            TO,
            a,
            0,
            new Settings(TT.publicKey(), guardians(1, 3600, TT), HIGH_RULES),
            Optional.of(c)),
        SIGNING.approveRecovery(G0, a, 0, TK.publicKey(), 0, Optional.empty()),
        SIGNING.approveRecovery(G1, a, 1, TK.publicKey(), 0, Optional.empty()));
    forcedBatch(
        "thief-cannot-stall-cancel-rejected",
        t + 60,
        1,
        List.of(
            rejected(
                TT, SIGNING.cancelRecovery(TT, a, 1), RejectionReason.GUARDIAN_VETO_REQUIRED)));
    forcedBatch(
        "thief-cannot-stall",
        t + DAY,
        1,
        List.of(applied(null, new Transaction.FinaliseRecovery(a))));
    if (!state.account(a).orElseThrow().owner().equals(TK.publicKey())) {
      throw new IllegalStateException("thief-cannot-stall: the guardians' key is not the owner");
    }
    return t + DAY;
  }

  /** A guardian's veto: an ApproveRecovery of the veto key. */
  static Transaction.ApproveRecovery veto(
      PrivateKey guardian, Address account, int index, long epoch) {
    return SIGNING.approveRecovery(
        guardian, account, index, PendingRecovery.VETO_KEY, epoch, Optional.empty());
  }

  private static Address soloAddress() {
    return creation("solo salt", new Settings(SOLO.publicKey(), GuardianSet.none(DAY), RULES))
        .address();
  }

  /** A forced transaction of a scenario and the outcome it must have (null: applied). */
  public record Forced(ForcedTransaction forced, RejectionReason expected) {}

  private static Forced applied(PrivateKey signer, Transaction tx) {
    return forced(signer, tx, null);
  }

  private static Forced rejected(PrivateKey signer, Transaction tx, RejectionReason reason) {
    return forced(signer, tx, reason);
  }

  /** Queued as the L1 contract queues it: through the state-independent checks of §7.1. */
  private static Forced forced(PrivateKey signer, Transaction tx, RejectionReason expected) {
    Bytes key = signer == null ? Bytes.EMPTY : signer.publicKey().toXY();
    try {
      return new Forced(ForcedTransaction.validate(TxCodec.encode(tx), key, DOMAIN), expected);
    } catch (ForcedTransaction.InvalidForcedTransaction e) {
      throw new IllegalStateException("the L1 queue would refuse " + tx + ": " + e.getMessage(), e);
    }
  }

  private void forcedBatch(
      String name, long time, int slots, List<Forced> forced, Transaction... txs) {
    BatchResult r =
        state.applyBatch(forced.stream().map(Forced::forced).toList(), List.of(txs), time);
    for (int i = 0; i < r.outcomes().size(); i++) {
      TxOutcome o = r.outcomes().get(i);
      RejectionReason expected = i < forced.size() ? forced.get(i).expected() : null;
      RejectionReason got =
          switch (o) {
            case TxOutcome.Applied a -> null;
            case TxOutcome.ForcedRejected f -> f.reason();
            case TxOutcome.Rejected rej ->
                throw new IllegalStateException(
                    name + ": rejected: " + rej.reason() + ": " + rej.message());
          };
      if (expected != got) {
        throw new IllegalStateException(
            name + ": outcome " + i + " is " + got + ", not " + expected);
      }
    }
    scenarios.add(new Scenario(name, r, BatchWitness.of(r, DOMAIN, slots)));
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
        throw new IllegalStateException(
            name + ": rejected: " + rej.reason() + ": " + rej.message());
      }
    }
    scenarios.add(new Scenario(name, r, BatchWitness.of(r, DOMAIN, slots)));
  }
}
