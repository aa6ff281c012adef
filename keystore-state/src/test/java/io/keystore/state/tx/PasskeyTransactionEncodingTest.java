package io.keystore.state.tx;

import static io.keystore.state.testing.Fixtures.DOMAIN;
import static io.keystore.state.testing.Fixtures.SIGNING;
import static io.keystore.state.testing.Fixtures.T0;
import static io.keystore.state.testing.ScenarioAccount.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keystore.devtools.TestVectors;
import io.keystore.state.account.AccountConfig;
import io.keystore.state.crypto.Keccak256;
import io.keystore.state.crypto.P256;
import io.keystore.state.crypto.P256Signature;
import io.keystore.state.crypto.PublicKey;
import io.keystore.state.crypto.TxSignature;
import io.keystore.state.crypto.WebAuthnSignature;
import io.keystore.state.stf.RejectionReason;
import io.keystore.state.stf.StateTransition;
import io.keystore.state.stf.TransitionResult;
import java.io.IOException;
import java.math.BigInteger;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.MutableBytes;
import org.junit.jupiter.api.Test;

/** Version-2 transactions: signed with a P-256 or WebAuthn key (transactions.md §5.1, §7). */
class PasskeyTransactionEncodingTest {

  static final P256Signature P256_SIG =
      P256.sign(org.apache.tuweni.bytes.Bytes32.ZERO, BigInteger.valueOf(77));

  static WebAuthnSignature assertion() throws IOException {
    var v = new ObjectMapper().readTree(TestVectors.path("passkeys-v1.json").toFile());
    return WebAuthnSignature.fromBytes(
        Bytes.fromHexString(v.get("webauthn").get(0).get("encoded").asText()));
  }

  static Transaction.UpdateConfig update(TxSignature sig) {
    return new Transaction.UpdateConfig(ACCOUNT, 0, INITIAL, Optional.empty(), sig);
  }

  static Transaction.CancelRecovery cancel(TxSignature sig) {
    return new Transaction.CancelRecovery(ACCOUNT, 3, sig);
  }

  @Test
  void p256SignedTransactionIsVersion2WithTheSchemeTaggedBlockAtTheEnd() throws Exception {
    Transaction tx = cancel(P256_SIG);
    Bytes b = TxCodec.encode(tx);
    assertThat(tx.version()).isEqualTo(2);
    assertThat(b.get(0)).isEqualTo((byte) 2);
    assertThat(b.size()).isEqualTo(2 + 20 + 8 + 1 + 64);
    assertThat(b.get(30)).isEqualTo((byte) PublicKey.SCHEME_P256);
    assertThat(b.slice(31)).isEqualTo(P256_SIG.toBytes());
    assertThat(TxCodec.decode(b)).isEqualTo(tx);
    assertThat(TxCodec.hash(tx)).isEqualTo(Keccak256.hash(b));
  }

  @Test
  void webAuthnSignedTransactionRoundTripsThroughBinaryAndJson() throws Exception {
    WebAuthnSignature sig = assertion();
    Transaction tx = update(sig);
    Bytes b = TxCodec.encode(tx);
    assertThat(b.get(0)).isEqualTo((byte) 2);
    assertThat(b.slice(b.size() - sig.toBytes().size() - 1, 1).get(0))
        .isEqualTo((byte) PublicKey.SCHEME_WEBAUTHN);
    assertThat(TxCodec.decode(b)).isEqualTo(tx);
    ObjectNode json = TxJson.toJsonNode(tx);
    assertThat(json.get("version").asInt()).isEqualTo(2);
    assertThat(json.get("signature").get("scheme").asInt()).isEqualTo(3);
    assertThat(TxJson.fromJson(json.toString())).isEqualTo(tx);
  }

  @Test
  void secp256k1SignedTransactionsStayVersion1() throws Exception {
    Transaction tx = SIGNING.cancelRecovery(OWNER, ACCOUNT, 0);
    assertThat(tx.version()).isEqualTo(1);
    assertThat(TxCodec.encode(tx).get(0)).isEqualTo((byte) 1);
    assertThat(TxJson.toJsonNode(tx).get("signature").isTextual()).isTrue();
  }

  @Test
  void version2WithASecp256k1OrUnknownSchemeBlockIsRejected() {
    MutableBytes b = TxCodec.encode(cancel(P256_SIG)).mutableCopy();
    b.set(30, (byte) 1);
    assertThatThrownBy(() -> TxCodec.decode(b))
        .isInstanceOf(DecodingException.class)
        .hasMessageContaining("scheme 1 in a version-2 transaction");
    b.set(30, (byte) 4);
    assertThatThrownBy(() -> TxCodec.decode(b)).hasMessageContaining("scheme 4");
  }

  @Test
  void version2WithATruncatedOrOverlongBlockIsRejected() {
    Bytes b = TxCodec.encode(cancel(P256_SIG));
    assertThatThrownBy(() -> TxCodec.decode(b.slice(0, b.size() - 1)))
        .isInstanceOf(DecodingException.class);
    assertThatThrownBy(() -> TxCodec.decode(Bytes.concatenate(b, Bytes.of(0))))
        .isInstanceOf(DecodingException.class);
    assertThatThrownBy(() -> TxCodec.decode(b.slice(0, 31))).isInstanceOf(DecodingException.class);
  }

  @Test
  void version2HighSIsRejected() {
    MutableBytes b = TxCodec.encode(cancel(P256_SIG)).mutableCopy();
    b.set(31 + 32, Bytes.wrap(fixed32(P256.N.subtract(P256_SIG.s()))));
    assertThatThrownBy(() -> TxCodec.decode(b)).hasMessageContaining("high-s");
  }

  @Test
  void unsignedFinaliseRecoveryInVersion2IsRejected() {
    MutableBytes b = TxCodec.encode(new Transaction.FinaliseRecovery(ACCOUNT)).mutableCopy();
    b.set(0, (byte) 2);
    assertThatThrownBy(() -> TxCodec.decode(b)).hasMessageContaining("version 1 only");
  }

  @Test
  void aPasskeySignatureIsCheckedAgainstTheSignersKeyNotRefused() {
    // a P-256 signature of another digest, for a secp256k1 owner: some other key's, not the owner's
    TransitionResult r =
        new StateTransition(DOMAIN)
            .apply(Optional.of(AccountConfig.initial(INITIAL)), update(P256_SIG), T0);
    assertThat(r).isInstanceOf(TransitionResult.Rejected.class);
    assertThat(((TransitionResult.Rejected) r).reason())
        .isIn(RejectionReason.WRONG_SIGNER, RejectionReason.BAD_SIGNATURE);
  }

  @Test
  void passkeySignedForcedTransactionIsRefusedAsTheL1ContractDoes() {
    assertThatThrownBy(
            () ->
                ForcedTransaction.validate(
                    TxCodec.encode(cancel(P256_SIG)), OWNER.publicKey().toXY(), DOMAIN))
        .isInstanceOf(ForcedTransaction.InvalidForcedTransaction.class)
        .hasMessageContaining("unknown transaction version 2");
  }

  static byte[] fixed32(BigInteger v) {
    byte[] raw = v.toByteArray();
    byte[] out = new byte[32];
    int n = Math.min(raw.length, 32);
    System.arraycopy(raw, raw.length - n, out, 32 - n, n);
    return out;
  }
}
