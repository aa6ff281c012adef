package io.keystore.state.crypto;

import java.math.BigInteger;
import java.security.SecureRandom;
import org.apache.tuweni.bytes.Bytes32;

/**
 * A secp256k1 private key, for the SDK, tools and tests: the node itself never signs. The scalar is
 * in [1, n).
 */
public final class PrivateKey implements SigningKey {

  private final BigInteger d;
  private final PublicKey publicKey;

  private PrivateKey(BigInteger d) {
    if (d.signum() <= 0 || d.compareTo(Secp256k1.N) >= 0) {
      throw new IllegalArgumentException("private key out of range [1, n)");
    }
    this.d = d;
    this.publicKey = Secp256k1.publicKeyOf(d);
  }

  /**
   * The key with the scalar d.
   *
   * @throws IllegalArgumentException if d is not in [1, n)
   */
  public static PrivateKey of(BigInteger d) {
    return new PrivateKey(d);
  }

  /** The key with the 32-byte big-endian scalar. */
  public static PrivateKey of(Bytes32 d) {
    return new PrivateKey(d.toUnsignedBigInteger());
  }

  /** A fresh random key. */
  public static PrivateKey random(SecureRandom random) {
    while (true) {
      BigInteger d = new BigInteger(256, random);
      if (d.signum() > 0 && d.compareTo(Secp256k1.N) < 0) {
        return new PrivateKey(d);
      }
    }
  }

  @Override
  public PublicKey publicKey() {
    return publicKey;
  }

  /** Deterministic (RFC 6979) low-s signature of a 32-byte digest. */
  @Override
  public Signature sign(Bytes32 digest) {
    return Secp256k1.sign(digest, d);
  }

  BigInteger scalar() {
    return d;
  }

  @Override
  public String toString() {
    return "PrivateKey{" + publicKey.ethereumAddress() + "}";
  }
}
