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
import io.keystore.state.crypto.P256;
import io.keystore.state.crypto.PublicKey;
import io.keystore.state.tx.ForcedTransaction;
import io.keystore.state.tx.Transaction;
import io.keystore.state.tx.TxCodec;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Until the circuits verify P-256 and WebAuthn (docs/spec/passkeys.md, status), the state
 * transition refuses every transaction that carries a key of scheme 2 or 3 (transactions.md §6.0),
 * and the forced-transaction checks refuse them as the L1 contract does (proof.md §7.1).
 */
class PasskeySchemesNotYetProvableTest {

  static final StateTransition STF = new StateTransition(DOMAIN);
  static final AccountConfig START = AccountConfig.initial(INITIAL);
  static final PublicKey P256_KEY =
      P256.publicKeyOf(PublicKey.SCHEME_P256, BigInteger.valueOf(1234567));
  static final PublicKey PASSKEY =
      P256.publicKeyOf(PublicKey.SCHEME_WEBAUTHN, BigInteger.valueOf(7654321));

  static void assertNotProvable(TransitionResult r) {
    assertThat(r).isInstanceOf(TransitionResult.Rejected.class);
    TransitionResult.Rejected rej = (TransitionResult.Rejected) r;
    assertThat(rej.reason()).isEqualTo(RejectionReason.SCHEME_NOT_PROVABLE);
    assertThat(rej.message()).contains("scheme not yet provable");
  }

  static Transaction.UpdateConfig update(Settings s) {
    return SIGNING.updateConfig(OWNER, ACCOUNT, 0, s, Optional.empty());
  }

  @Test
  void rotatingTheOwnerToAP256KeyIsRefusedAsNotYetProvable() {
    Settings s = new Settings(P256_KEY, GUARDIANS, RULES);
    assertNotProvable(STF.apply(Optional.of(START), update(s), T0));
  }

  @Test
  void addingAPasskeyGuardianIsRefusedAsNotYetProvable() {
    GuardianSet g = new GuardianSet(List.of(G0.publicKey(), PASSKEY), 1, DAY);
    assertNotProvable(
        STF.apply(Optional.of(START), update(new Settings(OWNER.publicKey(), g, RULES)), T0));
  }

  @Test
  void proposingAPasskeyOwnerInARecoveryIsRefusedAsNotYetProvable() {
    Transaction.ApproveRecovery a =
        SIGNING.approveRecovery(G0, ACCOUNT, 0, PASSKEY, 0, Optional.empty());
    assertNotProvable(STF.apply(Optional.of(START), a, T0));
  }

  @Test
  void creatingAnAccountWithAPasskeyOwnerIsRefusedAsNotYetProvable() {
    Settings s = new Settings(PASSKEY, GuardianSet.none(DAY), RULES);
    AccountCreation c = new AccountCreation(field("passkey salt"), s);
    Transaction.UpdateConfig u = SIGNING.updateConfig(OWNER, c.address(), 0, s, Optional.of(c));
    assertNotProvable(STF.apply(Optional.empty(), u, T0));
  }

  @Test
  void secp256k1OnlyTransactionsStillApply() {
    assertThat(STF.apply(Optional.of(START), update(INITIAL), T0).isApplied()).isTrue();
  }

  @Test
  void forcedTransactionWithAP256KeyIsRefusedAsMalformed() {
    Settings s = new Settings(P256_KEY, GUARDIANS, RULES);
    assertThatThrownBy(
            () ->
                ForcedTransaction.validate(
                    TxCodec.encode(update(s)), OWNER.publicKey().toXY(), DOMAIN))
        .isInstanceOf(ForcedTransaction.InvalidForcedTransaction.class)
        .hasMessageContaining("unknown key scheme 2");
  }
}
