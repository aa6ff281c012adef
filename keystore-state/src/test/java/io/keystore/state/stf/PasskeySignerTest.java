package io.keystore.state.stf;

import static io.keystore.state.testing.Fixtures.DAY;
import static io.keystore.state.testing.Fixtures.DOMAIN;
import static io.keystore.state.testing.Fixtures.SIGNING;
import static io.keystore.state.testing.Fixtures.T0;
import static io.keystore.state.testing.Fixtures.field;
import static io.keystore.state.testing.ScenarioAccount.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.keystore.state.account.AccountConfig;
import io.keystore.state.account.AccountCreation;
import io.keystore.state.account.GuardianSet;
import io.keystore.state.account.Settings;
import io.keystore.state.crypto.P256;
import io.keystore.state.crypto.P256Signature;
import io.keystore.state.crypto.PublicKey;
import io.keystore.state.crypto.TxSignature;
import io.keystore.state.crypto.WebAuthn;
import io.keystore.state.crypto.WebAuthnSignature;
import io.keystore.state.testing.Passkeys;
import io.keystore.state.testing.Passkeys.Passkey;
import io.keystore.state.tx.Transaction;
import io.keystore.state.tx.TypedData;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.bytes.MutableBytes;
import org.junit.jupiter.api.Test;

/**
 * Signers of schemes 2 and 3 (docs/spec/passkeys.md): a signature is checked with the scheme of the
 * key it must be valid for (§1); valid signatures apply, and the others are WRONG_SIGNER (valid for
 * another key, of the signature's own scheme) or BAD_SIGNATURE (valid for no key: a WebAuthn
 * assertion of another challenge or without UP), as for secp256k1 (transactions.md §6.2).
 */
class PasskeySignerTest {

  static final StateTransition STF = new StateTransition(DOMAIN);

  static final Passkey RAW = Passkeys.p256("signer test raw P-256 owner");
  static final Passkey WEB = Passkeys.webAuthn("signer test WebAuthn owner");
  static final Passkey WEB_GUARDIAN = Passkeys.webAuthn("signer test WebAuthn guardian");

  static AccountConfig ownedBy(PublicKey owner) {
    return AccountConfig.initial(new Settings(owner, GUARDIANS, RULES));
  }

  static TransitionResult apply(AccountConfig cur, Transaction tx) {
    return STF.apply(Optional.of(cur), tx, T0);
  }

  static void assertRejected(TransitionResult r, RejectionReason reason, String message) {
    assertThat(r).isInstanceOf(TransitionResult.Rejected.class);
    TransitionResult.Rejected rej = (TransitionResult.Rejected) r;
    assertThat(rej.reason()).as(rej.message()).isEqualTo(reason);
    assertThat(rej.message()).contains(message);
  }

  static Transaction.UpdateConfig update(Passkey signer) {
    return Passkeys.updateConfig(DOMAIN, signer, ACCOUNT, 0, INITIAL, Optional.empty());
  }

  static Bytes32 updateDigest() {
    return DOMAIN.digest(
        TypedData.updateConfigStructHash(ACCOUNT, 0, INITIAL.updateCommitment().toBytes()));
  }

  @Test
  void aP256OwnerSignsAnUpdateConfig() {
    TransitionResult r = apply(ownedBy(RAW.publicKey()), update(RAW));
    assertThat(r.isApplied()).isTrue();
    assertThat(((TransitionResult.Applied) r).newConfig().owner()).isEqualTo(OWNER.publicKey());
  }

  @Test
  void aWebAuthnOwnerSignsAnUpdateConfig() {
    assertThat(apply(ownedBy(WEB.publicKey()), update(WEB)).isApplied()).isTrue();
  }

  @Test
  void aWebAuthnGuardianApprovesARecovery() {
    GuardianSet g = new GuardianSet(List.of(G0.publicKey(), WEB_GUARDIAN.publicKey()), 1, DAY);
    AccountConfig cur = AccountConfig.initial(new Settings(OWNER.publicKey(), g, RULES));
    Transaction a =
        Passkeys.approveRecovery(
            DOMAIN, WEB_GUARDIAN, ACCOUNT, 1, NEW_OWNER.publicKey(), 0, Optional.empty());
    TransitionResult r = apply(cur, a);
    assertThat(r.isApplied()).isTrue();
    assertThat(((TransitionResult.Applied) r).effects())
        .contains(Effect.RECOVERY_THRESHOLD_REACHED);
    // the same assertion names guardian 0, a secp256k1 key: not its signer
    Transaction wrong =
        new Transaction.ApproveRecovery(
            ACCOUNT,
            0,
            NEW_OWNER.publicKey(),
            0,
            Optional.empty(),
            ((Transaction.ApproveRecovery) a).signature());
    assertRejected(apply(cur, wrong), RejectionReason.WRONG_SIGNER, "another WebAuthn key");
  }

  @Test
  void anAccountWithAPasskeyOwnerIsCreatedByItsOwnersSignature() {
    Settings s = new Settings(WEB.publicKey(), GuardianSet.none(DAY), RULES);
    AccountCreation c = new AccountCreation(field("signer test salt"), s);
    Transaction u = Passkeys.updateConfig(DOMAIN, WEB, c.address(), 0, s, Optional.of(c));
    assertThat(STF.apply(Optional.empty(), u, T0).isApplied()).isTrue();
  }

  @Test
  void anotherP256KeyIsTheWrongSigner() {
    Passkey other = Passkeys.p256("signer test another P-256 key");
    assertRejected(
        apply(ownedBy(RAW.publicKey()), update(other)),
        RejectionReason.WRONG_SIGNER,
        "signed by another P-256 key, not by the owner (scheme 2 key 0x04");
  }

  @Test
  void theSamePrivateKeyUnderTheOtherSchemeIsTheWrongSigner() {
    // A WebAuthn key accepts assertions only, a raw P-256 key raw signatures only (passkeys.md §1).
    Passkey rawOfWeb = new Passkey(2, WEB.privateKey(), Bytes.EMPTY, "");
    assertRejected(
        apply(ownedBy(WEB.publicKey()), update(rawOfWeb)),
        RejectionReason.WRONG_SIGNER,
        "another P-256 key");
    Passkey webOfRaw =
        new Passkey(3, RAW.privateKey(), WEB.authenticatorData(), WEB.clientDataRest());
    assertRejected(
        apply(ownedBy(RAW.publicKey()), update(webOfRaw)),
        RejectionReason.WRONG_SIGNER,
        "another WebAuthn key");
  }

  @Test
  void aSecp256k1SignatureForAPasskeyOwnerIsTheWrongSigner() {
    Transaction u = SIGNING.updateConfig(OWNER, ACCOUNT, 0, INITIAL, Optional.empty());
    assertRejected(
        apply(ownedBy(WEB.publicKey()), u),
        RejectionReason.WRONG_SIGNER,
        "signed by " + OWNER.publicKey().ethereumAddress() + ", not by the owner (scheme 3 key");
  }

  @Test
  void aPasskeySignatureForASecp256k1OwnerIsTheWrongSigner() {
    assertRejected(
        apply(ownedBy(OWNER.publicKey()), update(RAW)),
        RejectionReason.WRONG_SIGNER,
        "not by the owner (" + OWNER.publicKey().ethereumAddress() + ")");
  }

  @Test
  void anAssertionOfAnotherChallengeIsABadSignature() {
    Bytes32 other = Bytes32.fromHexString("0x" + "11".repeat(32));
    WebAuthnSignature sig =
        Passkeys.assertion(
            WEB.privateKey(),
            WEB.authenticatorData(),
            Passkeys.clientDataJSON(other, Passkeys.CLIENT_DATA_REST));
    assertRejected(
        apply(ownedBy(WEB.publicKey()), withSignature(sig)),
        RejectionReason.BAD_SIGNATURE,
        "challenge");
  }

  @Test
  void anAssertionWithoutUserPresenceIsABadSignature() {
    WebAuthnSignature sig =
        Passkeys.assertion(
            WEB.privateKey(),
            Passkeys.authenticatorData(WebAuthn.FLAG_UV, 0, Bytes.EMPTY),
            Passkeys.clientDataJSON(updateDigest(), Passkeys.CLIENT_DATA_REST));
    assertRejected(
        apply(ownedBy(WEB.publicKey()), withSignature(sig)),
        RejectionReason.BAD_SIGNATURE,
        "user-present");
  }

  @Test
  void aTamperedAssertionIsNotTheOwners() {
    WebAuthnSignature good = (WebAuthnSignature) update(WEB).signature();
    MutableBytes auth = good.authenticatorData().mutableCopy();
    auth.set(36, (byte) 1); // signCount
    WebAuthnSignature tampered =
        new WebAuthnSignature(auth, good.clientDataJSON(), good.signature());
    TransitionResult r = apply(ownedBy(WEB.publicKey()), withSignature(tampered));
    assertThat(r).isInstanceOf(TransitionResult.Rejected.class);
    assertThat(((TransitionResult.Rejected) r).reason())
        .isIn(RejectionReason.WRONG_SIGNER, RejectionReason.BAD_SIGNATURE);
  }

  @Test
  void aSignatureRecoveringToNoKeyIsABadSignature() {
    // r = x of no P-256 point: the signature is valid for no key
    BigInteger r = BigInteger.ONE;
    while (P256.recoverAny(2, updateDigest(), new P256Signature(r, BigInteger.ONE)).isPresent()) {
      r = r.add(BigInteger.ONE);
    }
    assertRejected(
        apply(ownedBy(RAW.publicKey()), withSignature(new P256Signature(r, BigInteger.ONE))),
        RejectionReason.BAD_SIGNATURE,
        "valid for no key");
  }

  static Transaction.UpdateConfig withSignature(TxSignature sig) {
    return new Transaction.UpdateConfig(ACCOUNT, 0, INITIAL, Optional.empty(), sig);
  }
}
