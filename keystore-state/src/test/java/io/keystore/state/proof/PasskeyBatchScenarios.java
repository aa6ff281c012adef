package io.keystore.state.proof;

import static io.keystore.state.testing.Fixtures.DAY;
import static io.keystore.state.testing.Fixtures.DOMAIN;
import static io.keystore.state.testing.Fixtures.SIGNING;
import static io.keystore.state.testing.Fixtures.T0;
import static io.keystore.state.testing.Fixtures.field;
import static io.keystore.state.testing.Fixtures.key;

import io.keystore.state.account.AccountCreation;
import io.keystore.state.account.GuardianSet;
import io.keystore.state.account.PendingRecovery;
import io.keystore.state.account.Settings;
import io.keystore.state.api.BatchResult;
import io.keystore.state.api.KeystoreState;
import io.keystore.state.api.TxOutcome;
import io.keystore.state.crypto.Address;
import io.keystore.state.crypto.PrivateKey;
import io.keystore.state.crypto.WebAuthn;
import io.keystore.state.hash.Fr;
import io.keystore.state.stf.RejectionReason;
import io.keystore.state.testing.Passkeys;
import io.keystore.state.testing.Passkeys.Passkey;
import io.keystore.state.tree.MemoryTreeStore;
import io.keystore.state.tx.ForcedTransaction;
import io.keystore.state.tx.Transaction;
import io.keystore.state.tx.TxCodec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;

/**
 * Batches whose signers hold P-256 and WebAuthn keys (docs/spec/proof.md §9), on one state from
 * genesis, each proven by the leaf circuit of its signers' scheme: two accounts with a passkey
 * owner, a passkey guardian and a secp256k1 guardian each, through creation, updates, a recovery
 * that reaches its threshold, a veto and the owner's cancel, a forced finalisation rejected by
 * proof and the finalisation that hands the account to a P-256 key. The secp256k1 guardian's
 * approvals are secp256k1 batches ({@code batch-1}), in which the passkeys are key hashes like any
 * other. WebAuthn assertions run from the shortest parts passkeys.md §4.1 allows (37 and 80 bytes)
 * to the longest (128 and 384), with and without extension data.
 */
public final class PasskeyBatchScenarios {

  static final Passkey P_OWNER = Passkeys.p256("passkey batches: P-256 owner");
  static final Passkey P_GUARDIAN = Passkeys.p256("passkey batches: P-256 guardian");
  static final Passkey W_OWNER = Passkeys.webAuthn("passkey batches: WebAuthn owner");
  static final Passkey W_GUARDIAN = Passkeys.webAuthn("passkey batches: WebAuthn guardian");
  static final Passkey RECOVERED = Passkeys.p256("passkey batches: recovered P-256 owner");
  static final PrivateKey K_GUARDIAN = key("passkey batches: secp256k1 guardian");
  static final PrivateKey K_PROPOSED = key("passkey batches: cancelled proposal");
  static final Fr RULES = field("passkey batches: rules");
  static final Fr NEW_RULES = field("passkey batches: new rules");

  private final KeystoreState state = new KeystoreState(new MemoryTreeStore(), DOMAIN);
  private final List<BatchScenarios.Scenario> scenarios = new ArrayList<>();

  private PasskeyBatchScenarios() {}

  /** Every scenario, in order (each batch one slot). */
  public static List<BatchScenarios.Scenario> all() {
    PasskeyBatchScenarios s = new PasskeyBatchScenarios();
    s.run();
    return List.copyOf(s.scenarios);
  }

  /** The shortest assertion: 37 bytes of authenticatorData (UP only), the 80-byte prefix alone. */
  static Passkey shortest(Passkey p) {
    return p.withAssertion(Passkeys.authenticatorData(WebAuthn.FLAG_UP, 0, Bytes.EMPTY), "");
  }

  /** Extension data (ED, a CBOR map) and a clientDataJSON member past origin, as Chrome adds. */
  static Passkey withExtensions(Passkey p) {
    return p.withAssertion(
        Passkeys.authenticatorData(
            0x85, 41, Bytes.fromHexString("a16b6372656450726f7465637402")), // {"credProtect": 2}
        ",\"origin\":\"https://wallet.keystore.example\",\"crossOrigin\":false,"
            + "\"other_keys_can_be_added_here\":\"do not compare clientDataJSON against a template."
            + " See https://goo.gl/yabPex\"}");
  }

  /** The longest assertion passkeys.md §4.1 allows: 128 and 384 bytes. */
  static Passkey longest(Passkey p) {
    // {"blb": 84 bytes}: 1 + 4 + 2 + 84 = 91 bytes of extensions after the 37
    Bytes ext =
        Bytes.concatenate(Bytes.fromHexString("a163626c625854"), Bytes.repeat((byte) 0x5a, 84));
    String head =
        ",\"origin\":\"https://wallet.keystore.example\",\"crossOrigin\":false,\"pad\":\"";
    int pad = 384 - WebAuthn.PREFIX_LENGTH - head.length() - 2;
    Passkey q =
        p.withAssertion(
            Passkeys.authenticatorData(0x85, 0xffffffffL, ext), head + "x".repeat(pad) + "\"}");
    if (q.authenticatorData().size() != 128
        || (WebAuthn.PREFIX_LENGTH + q.clientDataRest().getBytes(StandardCharsets.UTF_8).length)
            != 384) {
      throw new IllegalStateException("the longest assertion is not 128 and 384 bytes");
    }
    return q;
  }

  private void run() {
    long t = T0;
    // ---- account P: a P-256 owner; a P-256 and a secp256k1 guardian, either alone enough
    Settings pSettings =
        new Settings(
            P_OWNER.publicKey(),
            new GuardianSet(List.of(P_GUARDIAN.publicKey(), K_GUARDIAN.publicKey()), 1, DAY),
            RULES);
    AccountCreation pCreation = new AccountCreation(field("passkey batches: P salt"), pSettings);
    Address p = pCreation.address();
    batch(
        "p256-update-creates-account",
        t,
        BatchCircuit.BATCH_1_P256,
        Passkeys.updateConfig(DOMAIN, P_OWNER, p, 0, pSettings, Optional.of(pCreation)));
    batch(
        "p256-update-requests-rules-change",
        t += 60,
        BatchCircuit.BATCH_1_P256,
        Passkeys.updateConfig(
            DOMAIN,
            P_OWNER,
            p,
            1,
            new Settings(P_OWNER.publicKey(), pSettings.guardianSet(), NEW_RULES),
            Optional.empty()));
    batch(
        "secp256k1-guardian-reaches-threshold-of-p256-account",
        t += 60,
        BatchCircuit.BATCH_1,
        SIGNING.approveRecovery(K_GUARDIAN, p, 1, K_PROPOSED.publicKey(), 0, Optional.empty()));
    batch(
        "p256-guardian-vetoes",
        t += 60,
        BatchCircuit.BATCH_1_P256,
        Passkeys.approveRecovery(
            DOMAIN, P_GUARDIAN, p, 0, PendingRecovery.VETO_KEY, 0, Optional.empty()));
    batch(
        "p256-owner-cancels-vetoed-recovery",
        t += 60,
        BatchCircuit.BATCH_1_P256,
        Passkeys.cancelRecovery(DOMAIN, P_OWNER, p, 2));

    // ---- account W: a WebAuthn owner; a WebAuthn and a secp256k1 guardian, both needed
    Settings wSettings =
        new Settings(
            W_OWNER.publicKey(),
            new GuardianSet(List.of(W_GUARDIAN.publicKey(), K_GUARDIAN.publicKey()), 2, DAY),
            RULES);
    AccountCreation wCreation = new AccountCreation(field("passkey batches: W salt"), wSettings);
    Address w = wCreation.address();
    batch(
        "webauthn-update-creates-account",
        t += 60,
        BatchCircuit.BATCH_1_WEBAUTHN,
        Passkeys.updateConfig(DOMAIN, W_OWNER, w, 0, wSettings, Optional.of(wCreation)));
    batch(
        "webauthn-update-requests-guardian-change",
        t += 60,
        BatchCircuit.BATCH_1_WEBAUTHN,
        Passkeys.updateConfig(
            DOMAIN,
            withExtensions(W_OWNER),
            w,
            1,
            new Settings(
                W_OWNER.publicKey(),
                new GuardianSet(List.of(W_GUARDIAN.publicKey()), 1, DAY),
                RULES),
            Optional.empty()));
    batch(
        "webauthn-guardian-approves-recovery",
        t += 60,
        BatchCircuit.BATCH_1_WEBAUTHN,
        Passkeys.approveRecovery(
            DOMAIN, withExtensions(W_GUARDIAN), w, 0, K_PROPOSED.publicKey(), 0, Optional.empty()));
    batch(
        "secp256k1-guardian-reaches-threshold-of-webauthn-account",
        t += 60,
        BatchCircuit.BATCH_1,
        SIGNING.approveRecovery(K_GUARDIAN, w, 1, K_PROPOSED.publicKey(), 0, Optional.empty()));
    batch(
        "webauthn-guardian-vetoes",
        t += 60,
        BatchCircuit.BATCH_1_WEBAUTHN,
        Passkeys.approveRecovery(
            DOMAIN, W_GUARDIAN, w, 0, PendingRecovery.VETO_KEY, 0, Optional.empty()));
    batch(
        "webauthn-owner-cancels-vetoed-recovery",
        t += 60,
        BatchCircuit.BATCH_1_WEBAUTHN,
        Passkeys.cancelRecovery(DOMAIN, shortest(W_OWNER), w, 2));
    batch(
        "webauthn-guardian-approves-recovery-to-p256-key",
        t += 60,
        BatchCircuit.BATCH_1_WEBAUTHN,
        Passkeys.approveRecovery(
            DOMAIN, longest(W_GUARDIAN), w, 0, RECOVERED.publicKey(), 1, Optional.empty()));
    long threshold = t += 60;
    batch(
        "secp256k1-guardian-reaches-threshold-again",
        threshold,
        BatchCircuit.BATCH_1,
        SIGNING.approveRecovery(K_GUARDIAN, w, 1, RECOVERED.publicKey(), 1, Optional.empty()));
    forcedBatch(
        "webauthn-forced-finalise-before-the-delay",
        t += 60,
        BatchCircuit.BATCH_1_WEBAUTHN,
        new Transaction.FinaliseRecovery(w),
        RejectionReason.DELAY_NOT_PASSED);
    batch(
        "webauthn-finalise-recovery",
        t = threshold + DAY,
        BatchCircuit.BATCH_1_WEBAUTHN,
        new Transaction.FinaliseRecovery(w));
    if (!state.account(w).orElseThrow().owner().equals(RECOVERED.publicKey())) {
      throw new IllegalStateException("the recovered P-256 key is not W's owner");
    }
    batch(
        "p256-recovered-owner-updates",
        t += 60,
        BatchCircuit.BATCH_1_P256,
        Passkeys.updateConfig(
            DOMAIN,
            RECOVERED,
            w,
            3,
            new Settings(RECOVERED.publicKey(), wSettings.guardianSet(), NEW_RULES),
            Optional.empty()));
  }

  private void batch(String name, long time, BatchCircuit circuit, Transaction tx) {
    BatchResult r = state.applyBatch(List.of(tx), time);
    for (TxOutcome o : r.outcomes()) {
      if (o instanceof TxOutcome.Rejected rej) {
        throw new IllegalStateException(
            name + ": rejected: " + rej.reason() + ": " + rej.message());
      }
    }
    add(name, r, circuit);
  }

  /** A forced, unsigned transaction that the state transition rejects for {@code expected}. */
  private void forcedBatch(
      String name, long time, BatchCircuit circuit, Transaction tx, RejectionReason expected) {
    ForcedTransaction f;
    try {
      f = ForcedTransaction.validate(TxCodec.encode(tx), Bytes.EMPTY, DOMAIN);
    } catch (ForcedTransaction.InvalidForcedTransaction e) {
      throw new IllegalStateException(name + ": the L1 queue would refuse it", e);
    }
    BatchResult r = state.applyBatch(List.of(f), List.of(), time);
    if (!(r.outcomes().get(0) instanceof TxOutcome.ForcedRejected rej)
        || rej.reason() != expected) {
      throw new IllegalStateException(name + ": " + r.outcomes().get(0) + ", not " + expected);
    }
    add(name, r, circuit);
  }

  private void add(String name, BatchResult r, BatchCircuit circuit) {
    BatchWitness w = BatchWitness.of(r, DOMAIN, circuit);
    if (!r.proven().isEmpty()
        && BatchCircuit.signerScheme(r.proven().get(0).tx()).isPresent()
        && !BatchWitness.of(r, DOMAIN, 1).circuit().equals(circuit)) {
      throw new IllegalStateException(name + ": not the circuit of its signer");
    }
    scenarios.add(new BatchScenarios.Scenario(name, r, w));
  }
}
