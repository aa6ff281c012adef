package io.keystore.state.stf;

import static io.keystore.state.testing.Fixtures.DAY;
import static io.keystore.state.testing.Fixtures.DOMAIN;
import static io.keystore.state.testing.Fixtures.SIGNING;
import static io.keystore.state.testing.Fixtures.T0;
import static io.keystore.state.testing.Fixtures.field;
import static io.keystore.state.testing.ScenarioAccount.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keystore.state.account.AccountConfig;
import io.keystore.state.account.AccountCreation;
import io.keystore.state.account.GuardianSet;
import io.keystore.state.account.Settings;
import io.keystore.state.api.BatchResult;
import io.keystore.state.api.KeystoreState;
import io.keystore.state.crypto.PublicKey;
import io.keystore.state.proof.BatchCircuit;
import io.keystore.state.proof.BatchWitness;
import io.keystore.state.testing.Passkeys;
import io.keystore.state.testing.Passkeys.Passkey;
import io.keystore.state.tree.MemoryTreeStore;
import io.keystore.state.tx.ForcedTransaction;
import io.keystore.state.tx.Transaction;
import io.keystore.state.tx.TxCodec;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Keys and signatures of schemes 2 and 3 (docs/spec/passkeys.md) are accepted by the state
 * transition (transactions.md §6.0 refused them until the batch circuits of proof.md §9 proved
 * them): they enter the state as owners, guardians and proposed owners, and their holders sign. The
 * forced-transaction checks still refuse them as the L1 contract does (proof.md §7.1).
 */
class PasskeySchemesAcceptedTest {

  static final StateTransition STF = new StateTransition(DOMAIN);
  static final AccountConfig START = AccountConfig.initial(INITIAL);
  static final Passkey P256_KEY = Passkeys.p256("accepted test P-256 key");
  static final Passkey PASSKEY = Passkeys.webAuthn("accepted test WebAuthn key");

  static TransitionResult.Applied assertApplied(TransitionResult r) {
    assertThat(r)
        .as(r instanceof TransitionResult.Rejected rej ? rej.reason() + ": " + rej.message() : "")
        .isInstanceOf(TransitionResult.Applied.class);
    return (TransitionResult.Applied) r;
  }

  static Transaction.UpdateConfig update(Settings s) {
    return SIGNING.updateConfig(OWNER, ACCOUNT, 0, s, Optional.empty());
  }

  @Test
  void rotatingTheOwnerToAP256KeyApplies() {
    Settings s = new Settings(P256_KEY.publicKey(), GUARDIANS, RULES);
    AccountConfig next = assertApplied(STF.apply(Optional.of(START), update(s), T0)).newConfig();
    assertThat(next.owner()).isEqualTo(P256_KEY.publicKey());
    // and the new owner signs the next one
    Transaction.UpdateConfig byP256 =
        Passkeys.updateConfig(DOMAIN, P256_KEY, ACCOUNT, 1, s, Optional.empty());
    assertThat(byP256.version()).isEqualTo(Transaction.VERSION_PASSKEY_SIGNATURE);
    assertApplied(STF.apply(Optional.of(next), byP256, T0 + 1));
  }

  @Test
  void addingAPasskeyGuardianApplies() {
    GuardianSet g = new GuardianSet(List.of(G0.publicKey(), PASSKEY.publicKey()), 1, DAY);
    AccountConfig next =
        assertApplied(
                STF.apply(
                    Optional.of(START), update(new Settings(OWNER.publicKey(), g, RULES)), T0))
            .newConfig();
    assertThat(next.pendingUpdate()).isPresent(); // the account has guardians: it waits
    assertThat(next.pendingUpdate().get().guardianSet().guardians()).contains(PASSKEY.publicKey());
  }

  @Test
  void proposingAPasskeyOwnerInARecoveryApplies() {
    Transaction.ApproveRecovery a =
        SIGNING.approveRecovery(G0, ACCOUNT, 0, PASSKEY.publicKey(), 0, Optional.empty());
    assertThat(
            assertApplied(STF.apply(Optional.of(START), a, T0))
                .newConfig()
                .pendingRecovery()
                .orElseThrow()
                .proposedOwner())
        .isEqualTo(PASSKEY.publicKey());
  }

  @Test
  void creatingAnAccountWithAPasskeyOwnerSignedByThatOwnerApplies() {
    Settings s = new Settings(PASSKEY.publicKey(), GuardianSet.none(DAY), RULES);
    AccountCreation c = new AccountCreation(field("passkey salt"), s);
    Transaction.UpdateConfig u =
        Passkeys.updateConfig(DOMAIN, PASSKEY, c.address(), 0, s, Optional.of(c));
    assertThat(assertApplied(STF.apply(Optional.empty(), u, T0)).created()).isTrue();
    // signed by another key than the initial owner, it is not
    Transaction.UpdateConfig byOther =
        SIGNING.updateConfig(OWNER, c.address(), 0, s, Optional.of(c));
    assertThat(((TransitionResult.Rejected) STF.apply(Optional.empty(), byOther, T0)).reason())
        .isEqualTo(RejectionReason.WRONG_SIGNER);
  }

  @Test
  void secp256k1OnlyTransactionsStillApply() {
    assertApplied(STF.apply(Optional.of(START), update(INITIAL), T0));
  }

  @Test
  void aPasskeySignedTransactionAppliesToTheStateAndItsWitnessIsOfItsSchemesCircuit() {
    KeystoreState state = new KeystoreState(new MemoryTreeStore(), DOMAIN);
    Settings s = new Settings(PASSKEY.publicKey(), GUARDIANS, RULES);
    AccountCreation c = new AccountCreation(field("accepted test salt"), s);
    BatchResult r =
        state.applyBatch(
            List.of(Passkeys.updateConfig(DOMAIN, PASSKEY, c.address(), 0, s, Optional.of(c))), T0);
    assertThat(r.applied()).hasSize(1);
    assertThat(state.account(c.address()).orElseThrow().owner()).isEqualTo(PASSKEY.publicKey());
    assertThat(BatchWitness.of(r, DOMAIN, 1).circuit()).isEqualTo(BatchCircuit.BATCH_1_WEBAUTHN);
  }

  @Test
  void forcedTransactionWithAP256KeyIsStillRefusedAsTheL1ContractDoes() {
    Settings s = new Settings(P256_KEY.publicKey(), GUARDIANS, RULES);
    assertThatThrownBy(
            () ->
                ForcedTransaction.validate(
                    TxCodec.encode(update(s)), OWNER.publicKey().toXY(), DOMAIN))
        .isInstanceOf(ForcedTransaction.InvalidForcedTransaction.class)
        .hasMessageContaining("unknown key scheme " + PublicKey.SCHEME_P256);
  }
}
