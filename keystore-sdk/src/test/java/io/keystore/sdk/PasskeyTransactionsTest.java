package io.keystore.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keystore.state.account.AccountCreation;
import io.keystore.state.account.SpendingRules;
import io.keystore.state.api.KeystoreState;
import io.keystore.state.api.TxOutcome;
import io.keystore.state.crypto.Eip712Domain;
import io.keystore.state.crypto.P256;
import io.keystore.state.crypto.P256PrivateKey;
import io.keystore.state.crypto.P256Signature;
import io.keystore.state.crypto.PrivateKey;
import io.keystore.state.crypto.PublicKey;
import io.keystore.state.crypto.SoftwarePasskey;
import io.keystore.state.crypto.TxSignature;
import io.keystore.state.crypto.WebAuthn;
import io.keystore.state.crypto.WebAuthnSignature;
import io.keystore.state.hash.Fr;
import io.keystore.state.tree.MemoryTreeStore;
import io.keystore.state.tx.DecodingException;
import io.keystore.state.tx.Transaction;
import io.keystore.state.tx.TxCodec;
import io.keystore.state.tx.TxJson;
import java.math.BigInteger;
import java.util.Base64;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.bouncycastle.crypto.signers.StandardDSAEncoding;
import org.junit.jupiter.api.Test;

/**
 * Transactions of P-256 and WebAuthn signers and keys (docs/spec/passkeys.md): built, signed by a
 * local P-256 key or by a passkey's assertion, checked before they are attached, and encoded as
 * version-2 transactions.
 */
class PasskeyTransactionsTest {

  static final Eip712Domain DOMAIN = ProofVerifierTest.DOMAIN;
  static final long T0 = 1_700_000_000L;

  final P256PrivateKey owner = P256PrivateKey.of(BigInteger.valueOf(3001));
  final SoftwarePasskey passkey = new SoftwarePasskey(BigInteger.valueOf(3002));
  final SoftwarePasskey passkeyGuardian = new SoftwarePasskey(BigInteger.valueOf(3101));
  final PrivateKey k1Guardian = PrivateKey.of(BigInteger.valueOf(3102));
  final P256PrivateKey p256Guardian = P256PrivateKey.of(BigInteger.valueOf(3103));
  final PrivateKey next = PrivateKey.of(BigInteger.valueOf(3201));
  final KeystoreTransactions txs = new KeystoreTransactions(DOMAIN);

  /** A P-256 owner with a passkey, a secp256k1 and a P-256 guardian, any one of whom recovers. */
  final AccountCreation mixed =
      Accounts.create(
          Fr.of(7),
          Accounts.settings(
              owner.publicKey(),
              List.of(
                  passkeyGuardian.publicKey(), k1Guardian.publicKey(), p256Guardian.publicKey()),
              1,
              3600,
              SpendingRules.NONE));

  /** A passkey owner. */
  final AccountCreation passkeyOwned =
      Accounts.create(
          Fr.of(8), Accounts.settings(passkey.publicKey(), List.of(), 0, 3600, SpendingRules.NONE));

  @Test
  void aP256OwnerSignsTheDigestLocallyIntoALowSVersion2Transaction() {
    UnsignedTransaction u = txs.createAccount(mixed);

    Transaction tx = u.sign(owner);

    assertThat(u.signer()).isEqualTo(owner.publicKey());
    assertThat(tx.version()).isEqualTo(Transaction.VERSION_PASSKEY_SIGNATURE);
    P256Signature sig = (P256Signature) tx.txSignature().orElseThrow();
    assertThat(sig.s()).isLessThanOrEqualTo(P256.HALF_N);
    assertThat(P256.verify(owner.publicKey(), u.digest(), sig)).isTrue();
    assertThat(Eip712JsonEncoder.digest(u.typedData())).isEqualTo(u.digest());
    assertThat(roundTrip(tx)).isEqualTo(tx);
    assertThat(u.withSignature(sig.toBytes())).isEqualTo(tx);
  }

  @Test
  void thePasskeySignersRequestHasTheTypedDataItsDigestTheChallengeAndTheKeyWithoutAddress() {
    UnsignedTransaction u =
        txs.rotateOwner(AccountState.counterfactual(passkeyOwned), next.publicKey());

    ObjectNode r = u.signingRequest();

    assertThat(r.get("scheme").asInt()).isEqualTo(PublicKey.SCHEME_WEBAUTHN);
    assertThat(r.get("digest").asText()).isEqualTo(u.digest().toHexString());
    assertThat(r.get("webauthn").get("challenge").asText())
        .isEqualTo(Base64.getUrlEncoder().withoutPadding().encodeToString(u.digest().toArray()))
        .isEqualTo(u.webAuthnChallenge())
        .hasSize(43);
    assertThat(r.get("signerKey")).isEqualTo(TxJson.key(passkey.publicKey()));
    assertThat(r.get("signerKey").has("address")).isFalse();
    assertThat(r.get("signer").asText())
        .isEqualTo(passkey.publicKey().toUncompressed().toHexString());
    assertThat(r.get("signWith").asText()).contains("navigator.credentials.get");
    assertThat(Eip712JsonEncoder.digest(r.get("typedData"))).isEqualTo(u.digest());
    assertThat(r.get("preimage").get("newSettings").get("owner").get("address").asText())
        .isEqualTo(next.publicKey().ethereumAddress().toChecksumHex());
    assertThat(u.notes()).anyMatch(n -> n.contains(next.publicKey().ethereumAddress().toString()));
    assertThat(txs.createAccount(mixed).signingRequest().has("webauthn")).isFalse();
  }

  @Test
  void aPasskeysAssertionIsAttachedInEveryFormWithItsDerSignatureNormalisedToLowS() {
    UnsignedTransaction u =
        txs.rotateOwner(AccountState.counterfactual(passkeyOwned), next.publicKey());
    SoftwarePasskey.Assertion a = passkey.assertion(u.digest(), true);
    assertThat(derS(a.derSignature())).isGreaterThan(P256.HALF_N);

    Transaction fromParts =
        u.withWebAuthnAssertion(a.authenticatorData(), a.clientDataJSON(), a.derSignature());
    Transaction fromCredential = u.withSignature(ExternalSignatures.parse(a.credentialJson()));
    String response = parse(a.credentialJson()).get("response").toString();
    Transaction fromResponse = u.withSignature(ExternalSignatures.parse(response));
    Transaction fromJsonObject =
        u.withSignature(ExternalSignatures.parse(TxJson.toJsonNode(a.toSignature()).toString()));
    Transaction fromWire = u.withSignature(a.toSignature().toBytes());

    WebAuthnSignature sig = (WebAuthnSignature) fromParts.txSignature().orElseThrow();
    assertThat(sig).isEqualTo(a.toSignature());
    assertThat(sig.signature().s()).isLessThanOrEqualTo(P256.HALF_N);
    assertThat(WebAuthn.verify(passkey.publicKey(), u.digest(), sig))
        .isEqualTo(WebAuthn.Verification.VALID);
    assertThat(List.of(fromCredential, fromResponse, fromJsonObject, fromWire))
        .containsOnly(fromParts);
    assertThat(fromParts.version()).isEqualTo(Transaction.VERSION_PASSKEY_SIGNATURE);
    assertThat(roundTrip(fromParts)).isEqualTo(fromParts);
  }

  @Test
  void anAssertionWhoseChallengeIsAnotherDigestIsRefusedNamingBothDigests() {
    UnsignedTransaction u =
        txs.rotateOwner(AccountState.counterfactual(passkeyOwned), next.publicKey());
    Bytes32 other =
        txs.rotateOwner(AccountState.counterfactual(passkeyOwned), k1Guardian.publicKey()).digest();
    SoftwarePasskey.Assertion a = passkey.assertion(other, false);

    assertThatThrownBy(
            () ->
                u.withWebAuthnAssertion(
                    a.authenticatorData(), a.clientDataJSON(), a.derSignature()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("the assertion's challenge is " + other.toHexString())
        .hasMessageContaining("not this transaction's digest " + u.digest().toHexString())
        .hasMessageContaining("signed another transaction");
  }

  @Test
  void anAssertionWithoutUserPresenceOfARegistrationOrByAnotherPasskeyIsRefused() {
    UnsignedTransaction u =
        txs.rotateOwner(AccountState.counterfactual(passkeyOwned), next.publicKey());

    SoftwarePasskey.Assertion absent =
        passkey.assertion(u.digest(), WebAuthn.FLAG_UV, "webauthn.get", false);
    assertThatThrownBy(() -> u.withSignature(absent.toSignature()))
        .hasMessageContaining("user-present flag (UP) is clear");
    SoftwarePasskey.Assertion create =
        passkey.assertion(u.digest(), WebAuthn.FLAG_UP, "webauthn.create", false);
    assertThatThrownBy(() -> u.withSignature(create.toSignature()))
        .hasMessageContaining("of type \"webauthn.create\", not an assertion's");
    SoftwarePasskey.Assertion stranger =
        new SoftwarePasskey(BigInteger.valueOf(9)).assertion(u.digest(), false);
    assertThatThrownBy(() -> u.withSignature(stranger.toSignature()))
        .hasMessageContaining("not valid for this passkey");
    assertThatThrownBy(
            () ->
                ExternalSignatures.parse(
                    "{\"type\":\"public-key\",\"response\":{\"attestationObject\":\"AA\"}}"))
        .hasMessageContaining("registration");
    assertThatThrownBy(
            () ->
                ExternalSignatures.parse(
                    "{\"authenticatorData\":\"a+b/\",\"clientDataJSON\":\"AA\",\"signature\":\"AA\"}"))
        .hasMessageContaining("not base64url");
    assertThatThrownBy(() -> ExternalSignatures.parse("{\"clientDataJSON\":\"AA\"}"))
        .hasMessageContaining("a WebAuthn assertion");
  }

  @Test
  void aSignatureOrKeyOfAnotherSchemeThanTheSignersIsRefused() {
    UnsignedTransaction byPasskey =
        txs.rotateOwner(AccountState.counterfactual(passkeyOwned), next.publicKey());
    P256PrivateKey samePoint = P256PrivateKey.of(BigInteger.valueOf(3002));

    assertThatThrownBy(() -> byPasskey.sign(samePoint))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("the signer is a WebAuthn key, which signs assertions");
    assertThatThrownBy(() -> byPasskey.withSignature(samePoint.sign(byPasskey.digest())))
        .hasMessageContaining("a WebAuthn key (scheme 3)")
        .hasMessageContaining("a P-256 signature (scheme 2)");

    UnsignedTransaction byP256 = txs.createAccount(mixed);
    assertThatThrownBy(() -> byP256.sign(next))
        .hasMessageContaining("must be signed by P-256 key 0x04")
        .hasMessageContaining("the signer is a P-256 key, this is a secp256k1 key");
    TxSignature k1 = next.sign(byP256.digest());
    assertThatThrownBy(() -> byP256.withSignature(k1))
        .hasMessageContaining("a secp256k1 signature (scheme 1)");
    assertThatThrownBy(() -> byP256.withSignature(p256Guardian.sign(byP256.digest())))
        .hasMessageContaining("valid for another key or another digest");
  }

  @Test
  void aHighSP256SignatureIsRefusedWhileADerOneIsNormalised() throws Exception {
    UnsignedTransaction u = txs.createAccount(mixed);
    P256Signature low = owner.sign(u.digest());
    BigInteger highS = P256.N.subtract(low.s());
    Bytes high = Bytes.concatenate(Bytes32.leftPad(bytes(low.r())), Bytes32.leftPad(bytes(highS)));

    assertThatThrownBy(() -> u.withSignature(high))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("high-s signatures are not accepted");
    assertThatThrownBy(() -> ExternalSignatures.parse(high.toHexString()))
        .hasMessageContaining("high-s");
    String highJson =
        "{\"scheme\":2,\"r\":\""
            + Bytes32.leftPad(bytes(low.r())).toHexString()
            + "\",\"s\":\""
            + Bytes32.leftPad(bytes(highS)).toHexString()
            + "\"}";
    assertThatThrownBy(() -> ExternalSignatures.parse(highJson)).hasMessageContaining("high-s");

    Bytes der = Bytes.wrap(StandardDSAEncoding.INSTANCE.encode(P256.N, low.r(), highS));
    assertThat(ExternalSignatures.parse(der.toHexString())).isEqualTo(low);
    assertThat(u.withSignature(der)).isEqualTo(u.sign(owner));
    assertThat(ExternalSignatures.parse("\"" + low.toBytes().toHexString() + "\"")).isEqualTo(low);
    assertThatThrownBy(() -> ExternalSignatures.parse("0x30020101"))
        .hasMessageContaining("not a DER ECDSA signature");
  }

  @Test
  void guardiansOfEverySchemeApproveARecoveryFoundByTheirKeys() {
    AccountState account = AccountState.counterfactual(mixed);

    UnsignedTransaction byPasskey =
        txs.approveRecovery(account, passkeyGuardian.publicKey(), next.publicKey());
    UnsignedTransaction byK1 =
        txs.approveRecovery(account, k1Guardian.publicKey(), next.publicKey());
    UnsignedTransaction byP256 =
        txs.approveRecovery(account, p256Guardian.publicKey(), next.publicKey());

    Transaction.ApproveRecovery a0 =
        (Transaction.ApproveRecovery)
            byPasskey.withSignature(
                passkeyGuardian.assertion(byPasskey.digest(), true).toSignature());
    Transaction.ApproveRecovery a1 = (Transaction.ApproveRecovery) byK1.sign(k1Guardian);
    Transaction.ApproveRecovery a2 = (Transaction.ApproveRecovery) byP256.sign(p256Guardian);
    assertThat(List.of(a0.guardianIndex(), a1.guardianIndex(), a2.guardianIndex()))
        .containsExactly(0, 1, 2);
    assertThat(List.of(a0.version(), a1.version(), a2.version())).containsExactly(2, 1, 2);
    assertThat(List.of(a0, a1, a2)).allMatch(t -> roundTrip(t).equals(t));
    assertThat(a0.creation()).contains(mixed);
    assertThatThrownBy(() -> txs.approveRecovery(account, passkey.publicKey(), next.publicKey()))
        .hasMessageContaining("WebAuthn key 0x04")
        .hasMessageContaining("is not a guardian");
    // A passkey as the proposed owner: its key hash is of scheme 3.
    UnsignedTransaction toPasskey = txs.approveRecovery(account, 1, passkey.publicKey());
    assertThat(toPasskey.preimage().get("newOwner")).isEqualTo(TxJson.key(passkey.publicKey()));
  }

  @Test
  void keysOfEverySchemeAreNamedForPeople() {
    assertThat(Keys.describe(next.publicKey()))
        .isEqualTo(next.publicKey().ethereumAddress().toChecksumHex());
    String hex = owner.publicKey().toUncompressed().toHexString();
    assertThat(Keys.describe(owner.publicKey()))
        .isEqualTo("P-256 key " + hex.substring(0, 12) + "…" + hex.substring(hex.length() - 4));
    assertThat(Keys.describe(passkey.publicKey())).startsWith("WebAuthn key 0x04");
  }

  /** The whole round through the reference state transition. */
  @Test
  void aP256OwnedAccountWithMixedGuardiansIsCreatedAndRecoveredByAPasskeyGuardian() {
    KeystoreState state = new KeystoreState(new MemoryTreeStore(), DOMAIN);
    TxOutcome first = state.apply(roundTrip(txs.createAccount(mixed).sign(owner)), T0);
    assertThat(first).as("%s", first).isInstanceOf(TxOutcome.Applied.class);
    AccountState account =
        AccountState.existing(mixed.address(), state.account(mixed.address()).orElseThrow());
    UnsignedTransaction approve =
        txs.approveRecovery(account, passkeyGuardian.publicKey(), passkey.publicKey());
    Transaction approval =
        approve.withSignature(passkeyGuardian.assertion(approve.digest(), true).toSignature());
    assertThat(state.apply(roundTrip(approval), T0)).isInstanceOf(TxOutcome.Applied.class);
    account = AccountState.existing(mixed.address(), state.account(mixed.address()).orElseThrow());
    assertThat(state.apply(txs.finaliseRecovery(account), T0 + 3600))
        .isInstanceOf(TxOutcome.Applied.class);
    assertThat(state.account(mixed.address()).orElseThrow().owner()).isEqualTo(passkey.publicKey());
  }

  private static Transaction roundTrip(Transaction tx) {
    try {
      Transaction decoded = TxCodec.decode(TxCodec.encode(tx));
      assertThat(TxJson.fromJson(TxJson.toJson(tx))).isEqualTo(tx);
      return decoded;
    } catch (DecodingException e) {
      throw new AssertionError(e);
    }
  }

  private static JsonNode parse(String json) {
    try {
      return new ObjectMapper().readTree(json);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static BigInteger derS(Bytes der) {
    try {
      return StandardDSAEncoding.INSTANCE.decode(P256.N, der.toArrayUnsafe())[1];
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static Bytes bytes(BigInteger v) {
    return Bytes.wrap(v.toByteArray()).trimLeadingZeros();
  }
}
