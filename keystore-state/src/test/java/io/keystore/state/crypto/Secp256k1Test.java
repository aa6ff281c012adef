package io.keystore.state.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.Test;

class Secp256k1Test {

  static final Bytes32 DIGEST = Keccak256.hash("keystore".getBytes());
  static final PrivateKey ALICE = PrivateKey.of(BigInteger.valueOf(0xa11ce));
  static final PrivateKey BOB = PrivateKey.of(BigInteger.valueOf(0xb0b));

  @Test
  void keccakOfTheEmptyStringIsTheKnownValue() {
    assertThat(Keccak256.hash(new byte[0]).toHexString())
        .isEqualTo("0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470");
  }

  @Test
  void addressOfPrivateKeyOneIsTheKnownOne() {
    assertThat(PrivateKey.of(BigInteger.ONE).publicKey().ethereumAddress().toChecksumHex())
        .isEqualTo("0x7E5F4552091A69125d5DfCb7b8C2659029395Bdf");
  }

  @Test
  void signatureVerifiesForTheSignerAndIsLowS() {
    Signature sig = ALICE.sign(DIGEST);
    assertThat(sig.s()).isLessThanOrEqualTo(Secp256k1.HALF_N);
    assertThat(Secp256k1.verify(ALICE.publicKey(), DIGEST, sig))
        .isEqualTo(Secp256k1.Verification.VALID);
    assertThat(Secp256k1.recover(DIGEST, sig)).contains(ALICE.publicKey());
    assertThat(ALICE.sign(DIGEST)).as("deterministic").isEqualTo(sig);
  }

  @Test
  void signatureDoesNotVerifyForAnotherKeyOrDigest() {
    Signature sig = ALICE.sign(DIGEST);
    assertThat(Secp256k1.verify(BOB.publicKey(), DIGEST, sig))
        .isEqualTo(Secp256k1.Verification.OTHER_KEY);
    Bytes32 other = Keccak256.hash("other".getBytes());
    assertThat(Secp256k1.verify(ALICE.publicKey(), other, sig))
        .isEqualTo(Secp256k1.Verification.OTHER_KEY);
  }

  @Test
  void signatureWithTheWrongVIsNotValidForTheSigner() {
    Signature sig = ALICE.sign(DIGEST);
    Signature flipped = new Signature(sig.r(), sig.s(), sig.v() == 27 ? 28 : 27);
    assertThat(Secp256k1.verify(ALICE.publicKey(), DIGEST, flipped))
        .isNotEqualTo(Secp256k1.Verification.VALID);
  }

  @Test
  void signatureWhoseRIsNoCurvePointIsValidForNoKey() {
    Signature sig = new Signature(BigInteger.valueOf(5), BigInteger.ONE, 27);
    assertThat(Secp256k1.verify(ALICE.publicKey(), DIGEST, sig))
        .isEqualTo(Secp256k1.Verification.INVALID);
  }

  @Test
  void highSIsRejected() {
    Signature sig = ALICE.sign(DIGEST);
    BigInteger highS = Secp256k1.N.subtract(sig.s());
    assertThatThrownBy(() -> new Signature(sig.r(), highS, sig.v()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("high-s");
    Bytes encoded =
        Bytes.concatenate(
            PublicKey.word(sig.r()), PublicKey.word(highS), Bytes.of(sig.v() == 27 ? 28 : 27));
    assertThatThrownBy(() -> Signature.fromBytes(encoded))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rAndSOutOfRangeAndBadVAreRejected() {
    BigInteger one = BigInteger.ONE;
    assertThatThrownBy(() -> new Signature(BigInteger.ZERO, one, 27))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Signature(Secp256k1.N, one, 27))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Signature(one, BigInteger.ZERO, 27))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Signature(one, one, 26))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Signature(one, one, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(new Signature(Secp256k1.N.subtract(one), Secp256k1.HALF_N, 28).s())
        .isEqualTo(Secp256k1.HALF_N);
    assertThatThrownBy(() -> Signature.fromBytes(Bytes.wrap(new byte[64])))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void keysOffTheCurveOrOutOfRangeAreRejected() {
    PublicKey k = ALICE.publicKey();
    assertThatThrownBy(() -> new PublicKey(k.x(), k.y().add(BigInteger.ONE)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PublicKey(BigInteger.ZERO, BigInteger.ZERO))
        .as("(0, 0) stands for infinity in some encodings")
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PublicKey(k.x().add(Secp256k1.P), k.y()))
        .as("x + p names the same residue, but is not canonical")
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PublicKey.fromUncompressed(Bytes.concatenate(Bytes.of(2), k.toXY())))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(PublicKey.fromUncompressed(k.toUncompressed())).isEqualTo(k);
    // y and p - y are both on the curve: the negated point is a valid (different) key.
    assertThat(new PublicKey(k.x(), Secp256k1.P.subtract(k.y()))).isNotEqualTo(k);
  }

  @Test
  void privateKeysOutOfRangeAreRejected() {
    assertThatThrownBy(() -> PrivateKey.of(BigInteger.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PrivateKey.of(Secp256k1.N))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void eip55AddressesParseInEveryCaseButABadChecksum() {
    String good = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed";
    Address a = Address.fromHex(good);
    assertThat(a.toChecksumHex()).isEqualTo(good);
    assertThat(Address.fromHex(good.toLowerCase())).isEqualTo(a);
    assertThat(Address.fromHex("0x" + good.substring(2).toUpperCase())).isEqualTo(a);
    assertThatThrownBy(() -> Address.fromHex("0x5aaeb6053F3E94C9b9A09f33669435E7Ef1BeAed"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("checksum");
    assertThatThrownBy(() -> Address.fromHex("0x5aAeb6"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
