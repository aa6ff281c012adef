package io.keystore.state.proof;

import static io.keystore.state.testing.Fixtures.DAY;
import static io.keystore.state.testing.Fixtures.DOMAIN;
import static io.keystore.state.testing.Fixtures.SIGNING;
import static io.keystore.state.testing.Fixtures.T0;
import static io.keystore.state.testing.Fixtures.field;
import static io.keystore.state.testing.ScenarioAccount.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keystore.state.account.AccountCreation;
import io.keystore.state.account.GuardianSet;
import io.keystore.state.account.Settings;
import io.keystore.state.api.BatchResult;
import io.keystore.state.api.KeystoreState;
import io.keystore.state.api.TxOutcome;
import io.keystore.state.crypto.P256Signature;
import io.keystore.state.crypto.PublicKey;
import io.keystore.state.crypto.WebAuthnSignature;
import io.keystore.state.hash.Fr;
import io.keystore.state.testing.Passkeys;
import io.keystore.state.testing.Passkeys.Passkey;
import io.keystore.state.tree.MemoryTreeStore;
import io.keystore.state.tx.Transaction;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.junit.jupiter.api.Test;

/**
 * One leaf circuit per signer scheme (docs/spec/proof.md §9): the circuits' names, ids and witness
 * sizes, the P-256 and WebAuthn slots, unsigned slots in a batch of any scheme, and the batches no
 * circuit proves (mixed schemes, passkey batches of more than one slot, WebAuthn lengths out of
 * their bounds).
 */
class PasskeyBatchWitnessTest {

  static final Passkey RAW = Passkeys.p256("batch witness P-256 owner");
  static final Passkey WEB = Passkeys.webAuthn("batch witness WebAuthn owner");

  final KeystoreState state = new KeystoreState(new MemoryTreeStore(), DOMAIN);

  /** An account owned by {@code owner}, with guardians, created by its owner's UpdateConfig. */
  Transaction.UpdateConfig create(Passkey owner, String salt) {
    Settings s = new Settings(owner.publicKey(), GUARDIANS, RULES);
    AccountCreation c = new AccountCreation(field(salt), s);
    return Passkeys.updateConfig(DOMAIN, owner, c.address(), 0, s, Optional.of(c));
  }

  BatchResult applied(long time, Transaction... txs) {
    BatchResult r = state.applyBatch(List.of(txs), time);
    assertThat(r.rejected()).as("rejected: %s", r.rejected()).isEmpty();
    return r;
  }

  static BigInteger element(List<Fr> slot, int hi) {
    return slot.get(hi).toBigInteger().shiftLeft(128).add(slot.get(hi + 1).toBigInteger());
  }

  // ---------------------------------------------------------------- the circuits

  @Test
  void theCircuitsOfProofMd9HaveTheirNamesIdsAndSlotSizes() {
    assertThat(BatchCircuit.COMPILED.stream().map(BatchCircuit::name))
        .containsExactly("batch-1", "batch-4", "batch-16", "batch-1-p256", "batch-1-webauthn");
    assertThat(BatchCircuit.COMPILED.stream().map(BatchCircuit::id))
        .containsExactly(1, 4, 16, 257, 513);
    assertThat(BatchCircuit.COMPILED.stream().map(BatchCircuit::slotElements))
        .containsExactly(118, 118, 118, 118, 632);
    for (BatchCircuit c : BatchCircuit.COMPILED) {
      assertThat(BatchCircuit.fromId(c.id())).isEqualTo(c);
      assertThat(BatchCircuit.fromName(c.name())).isEqualTo(c);
      assertThat(c.id()).isEqualTo(c.slots() + 256 * (c.scheme() - 1));
    }
  }

  @Test
  void passkeyCircuitsHaveOneSlotOnly() {
    for (int scheme : List.of(PublicKey.SCHEME_P256, PublicKey.SCHEME_WEBAUTHN)) {
      for (int slots : List.of(0, 2, 4, 16)) {
        assertThatThrownBy(() -> BatchCircuit.of(scheme, slots))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("no " + slots + "-slot batch circuit")
            .hasMessageContaining(
                scheme == 2 ? "the only one is batch-1-p256" : "batch-1-webauthn");
      }
    }
    assertThatThrownBy(() -> BatchCircuit.fromName("batch-4-webauthn"))
        .hasMessageContaining("the only one is batch-1-webauthn");
    assertThatThrownBy(() -> BatchCircuit.fromId(256 + 16)).hasMessageContaining("P-256");
  }

  @Test
  void unknownSchemesSizesIdsAndNamesAreNoCircuit() {
    assertThatThrownBy(() -> BatchCircuit.of(4, 1)).hasMessageContaining("key scheme 4");
    assertThatThrownBy(() -> BatchCircuit.of(1, 0)).hasMessageContaining("1 to 255 slots");
    assertThatThrownBy(() -> BatchCircuit.of(1, 256)).hasMessageContaining("1 to 255 slots");
    assertThatThrownBy(() -> BatchCircuit.fromId(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> BatchCircuit.fromId(3 * 256 + 1)).hasMessageContaining("key scheme 4");
    for (String bad : List.of("batch-", "batch-01", "batch-1-k1", "batch-p256", "1", "batch-1 ")) {
      assertThatThrownBy(() -> BatchCircuit.fromName(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void witnessSizesAreAsProofMd9Says() {
    // (8 + 2F + 2S + S·slot)·32 bytes, F = min(S, 4)
    assertThat(BatchCircuit.BATCH_1.witnessBytes()).isEqualTo(4_160);
    assertThat(BatchCircuit.BATCH_4.witnessBytes()).isEqualTo((8 + 8 + 8 + 4 * 118) * 32);
    assertThat(BatchCircuit.BATCH_16.witnessBytes()).isEqualTo((8 + 8 + 32 + 16 * 118) * 32);
    assertThat(BatchCircuit.BATCH_1_P256.witnessBytes()).isEqualTo(4_160);
    assertThat(BatchCircuit.BATCH_1_WEBAUTHN.witnessBytes()).isEqualTo((12 + 632) * 32);
    assertThat(BatchCircuit.WEBAUTHN_EXTRA_ELEMENTS).isEqualTo(514);

    BatchWitness p256 = BatchWitness.of(applied(T0, create(RAW, "size p256")), DOMAIN, 1);
    BatchWitness web = BatchWitness.of(applied(T0, create(WEB, "size webauthn")), DOMAIN, 1);
    assertThat(p256.toBytes().size()).isEqualTo(4_160);
    assertThat(web.toBytes().size()).isEqualTo(20_608);
    assertThat(web.slots()).singleElement().satisfies(s -> assertThat(s).hasSize(632));
  }

  // ---------------------------------------------------------------- the slots

  @Test
  void aP256SlotCarriesThePointAndRS() {
    Transaction.UpdateConfig tx = create(RAW, "p256 slot");
    BatchWitness w = BatchWitness.of(applied(T0, tx), DOMAIN, 1);

    assertThat(w.circuit()).isEqualTo(BatchCircuit.BATCH_1_P256);
    assertThat(w.scheme()).isEqualTo(2);
    List<Fr> slot = w.slots().get(0);
    assertThat(slot).hasSize(118);
    assertThat(element(slot, 35)).isEqualTo(RAW.publicKey().x());
    assertThat(element(slot, 37)).isEqualTo(RAW.publicKey().y());
    P256Signature sig = (P256Signature) tx.signature();
    assertThat(element(slot, 39)).isEqualTo(sig.r());
    assertThat(element(slot, 41)).isEqualTo(sig.s());
    // everything else is what a secp256k1 slot would hold: the owner's key hash is opaque
    assertThat(slot.get(4))
        .isEqualTo(io.keystore.state.account.StateHashing.keyHash(RAW.publicKey()));
  }

  @Test
  void aWebAuthnSlotAppendsTheLengthsAndTheBytesOfTheAssertion() {
    Passkey longer =
        WEB.withAssertion(
            Passkeys.authenticatorData(0x85, 7, Bytes.fromHexString("a16b6372656450726f74656374")),
            ",\"origin\":\"https://wallet.keystore.example\",\"crossOrigin\":false,"
                + "\"other_keys_can_be_added_here\":\"do not compare clientDataJSON\"}");
    Transaction.UpdateConfig tx = create(longer, "webauthn slot");
    BatchResult r = applied(T0, tx);
    BatchWitness w = BatchWitness.of(r, DOMAIN, 1);

    assertThat(w.circuit()).isEqualTo(BatchCircuit.BATCH_1_WEBAUTHN);
    List<Fr> slot = w.slots().get(0);
    WebAuthnSignature sig = (WebAuthnSignature) tx.signature();
    int a = sig.authenticatorData().size();
    int c = sig.clientDataJSON().size();
    assertThat(a).isEqualTo(37 + 13);
    assertThat(slot).hasSize(632);
    assertThat(element(slot, 35)).isEqualTo(WEB.publicKey().x());
    assertThat(element(slot, 39)).isEqualTo(sig.signature().r());
    assertThat(element(slot, 41)).isEqualTo(sig.signature().s());
    assertThat(slot.get(118)).isEqualTo(Fr.of(a));
    assertThat(slot.get(119)).isEqualTo(Fr.of(c));
    for (int i = 0; i < 128; i++) {
      assertThat(slot.get(120 + i))
          .isEqualTo(i < a ? Fr.of(sig.authenticatorData().get(i) & 0xff) : Fr.ZERO);
    }
    for (int i = 0; i < 384; i++) {
      assertThat(slot.get(248 + i))
          .isEqualTo(i < c ? Fr.of(sig.clientDataJSON().get(i) & 0xff) : Fr.ZERO);
    }
    // the first 118 elements are laid out as in every circuit
    TxOutcome.Applied ap = r.applied().get(0);
    assertThat(BatchWitness.slot(tx, ap.previousConfig(), ap.created(), ap.witness()))
        .isEqualTo(slot);
    assertThat(
            BatchWitness.slot(
                PublicKey.SCHEME_P256, tx, ap.previousConfig(), ap.created(), ap.witness()))
        .isEqualTo(slot.subList(0, 118));
  }

  @Test
  void anUnsignedSlotFitsABatchOfAnySchemeAndIsZeroPastItsFirst118Elements() {
    Passkey guardian = Passkeys.webAuthn("batch witness WebAuthn guardian");
    GuardianSet g = new GuardianSet(List.of(guardian.publicKey(), G0.publicKey()), 1, DAY);
    Settings s = new Settings(OWNER.publicKey(), g, RULES);
    AccountCreation c = new AccountCreation(field("finalise anywhere"), s);
    applied(T0, SIGNING.updateConfig(OWNER, c.address(), 0, s, Optional.of(c)));
    applied(
        T0 + 1,
        Passkeys.approveRecovery(
            DOMAIN, guardian, c.address(), 0, NEW_OWNER.publicKey(), 0, Optional.empty()));
    BatchResult fin = applied(T0 + 1 + DAY, new Transaction.FinaliseRecovery(c.address()));

    BatchWitness byDefault = BatchWitness.of(fin, DOMAIN, 1);
    BatchWitness web = BatchWitness.of(fin, DOMAIN, BatchCircuit.BATCH_1_WEBAUTHN);
    BatchWitness p256 = BatchWitness.of(fin, DOMAIN, BatchCircuit.BATCH_1_P256);
    assertThat(byDefault.circuit()).isEqualTo(BatchCircuit.BATCH_1);
    assertThat(web.slots().get(0)).hasSize(632);
    assertThat(web.slots().get(0).subList(0, 118)).isEqualTo(byDefault.slots().get(0));
    assertThat(web.slots().get(0).subList(118, 632)).containsOnly(Fr.ZERO);
    assertThat(p256.slots()).isEqualTo(byDefault.slots());
    assertThat(web.publicInput()).isEqualTo(byDefault.publicInput());
    // an empty batch too
    BatchResult empty = state.applyBatch(List.of(), T0 + 2 + DAY);
    assertThat(BatchWitness.of(empty, DOMAIN, BatchCircuit.BATCH_1_WEBAUTHN).slots().get(0))
        .hasSize(632)
        .containsOnly(Fr.ZERO);
  }

  // ---------------------------------------------------------------- what no circuit proves

  @Test
  void aBatchMixingSignerSchemesIsRefused() {
    BatchResult mixed =
        applied(
            T0,
            SIGNING.updateConfig(OWNER, ACCOUNT, 0, INITIAL, Optional.of(CREATION)),
            create(RAW, "mixed"));

    assertThatThrownBy(() -> BatchWitness.of(mixed, DOMAIN, 4))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("mixes signer schemes 1 (secp256k1) and 2 (P-256")
        .hasMessageContaining("proof.md §9");
    assertThatThrownBy(
            () ->
                BatchCircuit.signerScheme(
                    List.of(
                        create(WEB, "a"),
                        new Transaction.FinaliseRecovery(ACCOUNT),
                        create(RAW, "b"))))
        .hasMessageContaining("mixes signer schemes 3 (WebAuthn) and 2 (P-256, transaction 2)");
    assertThat(
            BatchCircuit.signerScheme(
                List.of(new Transaction.FinaliseRecovery(ACCOUNT), create(WEB, "a"))))
        .hasValue(3);
    assertThat(BatchCircuit.signerScheme(List.of(new Transaction.FinaliseRecovery(ACCOUNT))))
        .isEmpty();
  }

  @Test
  void aSignedSlotOfAnotherSchemeThanTheCircuitsIsRefused() {
    BatchResult p256 = applied(T0, create(RAW, "other circuit"));
    assertThatThrownBy(() -> BatchWitness.of(p256, DOMAIN, BatchCircuit.BATCH_1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("slot 0 is signed with a key of scheme 2 (P-256)")
        .hasMessageContaining("batch-1 verifies scheme 1 (secp256k1) only");
    assertThatThrownBy(() -> BatchWitness.of(p256, DOMAIN, BatchCircuit.BATCH_1_WEBAUTHN))
        .hasMessageContaining("batch-1-webauthn verifies scheme 3 (WebAuthn) only");
  }

  @Test
  void aPasskeyBatchOfMoreThanOneSlotIsRefused() {
    BatchResult web = applied(T0, create(WEB, "four slots"));
    assertThatThrownBy(() -> BatchWitness.of(web, DOMAIN, 4))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no 4-slot batch circuit for WebAuthn signers (scheme 3)")
        .hasMessageContaining("batch of 1");
  }

  @Test
  void aWebAuthnSlotWithLengthsOutsideTheBoundsIsRefused() {
    BatchWitness w = BatchWitness.of(applied(T0, create(WEB, "bounds")), DOMAIN, 1);
    List<Fr> good = w.slots().get(0);
    assertThat(BatchWitness.forced(w.circuit(), w.header(), List.of(good)).toBytes())
        .isEqualTo(w.toBytes());

    record Case(String name, int index, Fr value, String message) {}
    int a = good.get(118).toBigInteger().intValueExact();
    for (Case c :
        List.of(
            new Case("authenticatorData of 36 bytes", 118, Fr.of(36), "37 to 128 bytes"),
            new Case("authenticatorData of 129 bytes", 118, Fr.of(129), "37 to 128 bytes"),
            new Case("clientDataJSON of 79 bytes", 119, Fr.of(79), "80 to 384 bytes"),
            new Case("clientDataJSON of 385 bytes", 119, Fr.of(385), "80 to 384 bytes"),
            new Case(
                "a huge length",
                119,
                Fr.fromBigInteger(BigInteger.TWO.pow(200)),
                "80 to 384 bytes"),
            new Case("a byte past the length", 120 + a, Fr.ONE, "element " + a),
            new Case("a byte above 255", 120, Fr.of(256), "element 0 is 256"))) {
      List<Fr> bad = new ArrayList<>(good);
      bad.set(c.index(), c.value());
      assertThatThrownBy(() -> BatchWitness.forced(w.circuit(), w.header(), List.of(bad)))
          .as(c.name())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(c.message());
    }
    // an unsigned WebAuthn slot has both lengths 0, never one
    List<Fr> oneZero = new ArrayList<>(good);
    oneZero.set(118, Fr.ZERO);
    assertThatThrownBy(() -> BatchWitness.forced(w.circuit(), w.header(), List.of(oneZero)))
        .hasMessageContaining("37 to 128 bytes");
    // and the assertion itself cannot be built with lengths out of bounds
    WebAuthnSignature sig = (WebAuthnSignature) create(WEB, "bounds").signature();
    assertThatThrownBy(
            () ->
                new WebAuthnSignature(
                    sig.authenticatorData().slice(0, 36), sig.clientDataJSON(), sig.signature()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aWitnessOfTheWrongShapeForItsCircuitIsRefused() {
    BatchWitness w = BatchWitness.of(applied(T0, create(WEB, "shape")), DOMAIN, 1);
    assertThatThrownBy(
            () ->
                BatchWitness.forced(
                    BatchCircuit.BATCH_1_WEBAUTHN,
                    w.header(),
                    List.of(w.slots().get(0).subList(0, 118))))
        .hasMessageContaining("a slot of batch-1-webauthn has 632 elements: 118");
    assertThatThrownBy(
            () ->
                BatchWitness.forced(
                    BatchCircuit.BATCH_1_P256, w.header(), List.of(w.slots().get(0))))
        .hasMessageContaining("has 118 elements: 632");
    assertThatThrownBy(
            () -> BatchWitness.forced(BatchCircuit.BATCH_4, w.header(), List.of(w.slots().get(0))))
        .hasMessageContaining("batch-4 has 4 slots, not 1");
  }
}
