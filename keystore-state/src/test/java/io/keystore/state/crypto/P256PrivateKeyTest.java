package io.keystore.state.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keystore.state.tx.DecodingException;
import io.keystore.state.tx.TxJson;
import java.math.BigInteger;
import java.security.SecureRandom;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.Test;

/** Local P-256 keys (scheme 2), and keys of every scheme read from their JSON object. */
class P256PrivateKeyTest {

  @Test
  void aP256KeySignsTheDigestLowSAndDeterministicallyForItsScheme2PublicKey() {
    P256PrivateKey key = P256PrivateKey.random(new SecureRandom());
    Bytes32 digest = Keccak256.hash(Bytes32.ZERO);

    P256Signature sig = key.sign(digest);

    assertThat(key.publicKey().scheme()).isEqualTo(PublicKey.SCHEME_P256);
    assertThat(sig.s()).isLessThanOrEqualTo(P256.HALF_N);
    assertThat(P256.verify(key.publicKey(), digest, sig)).isTrue();
    assertThat(key.sign(digest)).isEqualTo(sig);
    assertThat(((SigningKey) key).sign(digest).scheme()).isEqualTo(PublicKey.SCHEME_P256);
    assertThat(key.toString()).doesNotContain(sig.toString());
  }

  @Test
  void aScalarOutsideOneToNIsRefused() {
    assertThatThrownBy(() -> P256PrivateKey.of(BigInteger.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> P256PrivateKey.of(P256.N)).hasMessageContaining("[1, n)");
  }

  @Test
  void keysOfEverySchemeAreReadFromTheirJsonObjectAndAP256KeyHasNoAddress() throws Exception {
    PublicKey k1 = PrivateKey.of(BigInteger.TWO).publicKey();
    PublicKey p256 = P256PrivateKey.of(BigInteger.TWO).publicKey();
    PublicKey webauthn = new SoftwarePasskey(BigInteger.TWO).publicKey();

    for (PublicKey k : new PublicKey[] {k1, p256, webauthn}) {
      assertThat(TxJson.keyFromJson(TxJson.key(k).toString())).isEqualTo(k);
    }
    assertThatThrownBy(
            () ->
                TxJson.keyFromJson(
                    TxJson.key(p256)
                        .put("address", k1.ethereumAddress().toChecksumHex())
                        .toString()))
        .isInstanceOf(DecodingException.class)
        .hasMessageContaining("has no address");
    assertThatThrownBy(
            () ->
                TxJson.keyFromJson(
                    "{\"scheme\":2,\"publicKey\":\"" + k1.toUncompressed().toHexString() + "\"}"))
        .hasMessageContaining("not a point on P-256");
  }
}
