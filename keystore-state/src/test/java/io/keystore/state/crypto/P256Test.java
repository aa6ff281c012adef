package io.keystore.state.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.Test;

class P256Test {

  static final BigInteger D = new BigInteger("1f2e3d4c5b6a79881f2e3d4c5b6a7988", 16);
  static final PublicKey KEY = P256.publicKeyOf(PublicKey.SCHEME_P256, D);
  static final Bytes32 DIGEST = Bytes32.fromHexString("0x" + "5a".repeat(32));

  @Test
  void signatureMadeBySignVerifiesAndIsLowS() {
    for (int i = 0; i < 20; i++) {
      Bytes32 digest = Bytes32.leftPad(org.apache.tuweni.bytes.Bytes.ofUnsignedInt(i));
      P256Signature sig = P256.sign(digest, D);
      assertThat(sig.s()).isLessThanOrEqualTo(P256.HALF_N);
      assertThat(P256.verify(KEY, digest, sig)).isTrue();
    }
  }

  @Test
  void signatureDoesNotVerifyForAnotherDigestOrKey() {
    P256Signature sig = P256.sign(DIGEST, D);
    assertThat(P256.verify(KEY, Bytes32.ZERO, sig)).isFalse();
    PublicKey other = P256.publicKeyOf(PublicKey.SCHEME_P256, D.add(BigInteger.ONE));
    assertThat(P256.verify(other, DIGEST, sig)).isFalse();
  }

  @Test
  void highSIsRefusedAndNormalisedGivesTheLowForm() {
    P256Signature sig = P256.sign(DIGEST, D);
    BigInteger high = P256.N.subtract(sig.s());
    assertThatThrownBy(() -> new P256Signature(sig.r(), high))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("high-s");
    assertThat(P256Signature.normalised(sig.r(), high)).isEqualTo(sig);
  }

  @Test
  void encodingRoundTripsAndRejectsAWrongLength() {
    P256Signature sig = P256.sign(DIGEST, D);
    assertThat(P256Signature.fromBytes(sig.toBytes())).isEqualTo(sig);
    assertThatThrownBy(() -> P256Signature.fromBytes(sig.toBytes().slice(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void recoverAnyFindsAKeyTheSignatureIsValidForOrNone() {
    P256Signature sig = P256.sign(DIGEST, D);
    assertThat(P256.recoverAny(PublicKey.SCHEME_P256, DIGEST, sig))
        .hasValueSatisfying(k -> assertThat(P256.verify(k, DIGEST, sig)).isTrue());
    int none = 0;
    int some = 0;
    for (int r = 1; r <= 40; r++) {
      P256Signature s = new P256Signature(BigInteger.valueOf(r), BigInteger.valueOf(5));
      var key = P256.recoverAny(PublicKey.SCHEME_WEBAUTHN, DIGEST, s);
      if (key.isPresent()) {
        assertThat(key.get().scheme()).isEqualTo(PublicKey.SCHEME_WEBAUTHN);
        assertThat(P256.verify(key.get(), DIGEST, s)).isTrue();
        some++;
      } else {
        none++; // r is the x coordinate of no point
      }
    }
    assertThat(some).isPositive();
    assertThat(none).isPositive();
  }

  @Test
  void verifyingWithASecp256k1KeyIsAnError() {
    PublicKey k1 = PrivateKey.of(BigInteger.valueOf(12345)).publicKey();
    assertThatThrownBy(() -> P256.verify(k1, DIGEST, P256.sign(DIGEST, D)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void webAuthnVerificationNeedsAWebAuthnKey() {
    assertThatThrownBy(() -> WebAuthn.verify(KEY, DIGEST, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a WebAuthn key");
  }

  @Test
  void passkeyHasNoEthereumAddress() {
    assertThat(KEY.address()).isEmpty();
    assertThatThrownBy(KEY::ethereumAddress).isInstanceOf(IllegalStateException.class);
    assertThat(KEY.toString()).contains("scheme 2");
  }

  @Test
  void unknownSchemeIsNoKey() {
    assertThatThrownBy(() -> new PublicKey(4, KEY.x(), KEY.y()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown key scheme 4");
  }

  @Test
  void clientDataPrefixIsTypeThenBase64UrlChallengeIn80Bytes() {
    assertThat(WebAuthn.clientDataPrefix(Bytes32.ZERO).toArrayUnsafe())
        .asString()
        .isEqualTo(
            "{\"type\":\"webauthn.get\",\"challenge\":\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\"");
    assertThat(WebAuthn.PREFIX_LENGTH).isEqualTo(80);
  }
}
