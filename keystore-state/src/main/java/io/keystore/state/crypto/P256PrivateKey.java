package io.keystore.state.crypto;

import java.math.BigInteger;
import java.security.SecureRandom;
import org.apache.tuweni.bytes.Bytes32;

/**
 * A P-256 private key that signs raw scheme-2 signatures of the EIP-712 digest
 * (docs/spec/passkeys.md §3): secure-enclave, HSM or software keys. The scalar is in [1, n); its
 * public key is of scheme {@value PublicKey#SCHEME_P256}. For the SDK, tools and tests.
 */
public final class P256PrivateKey implements SigningKey {

  private final BigInteger d;
  private final PublicKey publicKey;

  private P256PrivateKey(BigInteger d) {
    if (d.signum() <= 0 || d.compareTo(P256.N) >= 0) {
      throw new IllegalArgumentException("P-256 private key out of range [1, n)");
    }
    this.d = d;
    this.publicKey = P256.publicKeyOf(PublicKey.SCHEME_P256, d);
  }

  /**
   * The key with the scalar d.
   *
   * @throws IllegalArgumentException if d is not in [1, n)
   */
  public static P256PrivateKey of(BigInteger d) {
    return new P256PrivateKey(d);
  }

  /** A fresh random key. */
  public static P256PrivateKey random(SecureRandom random) {
    while (true) {
      BigInteger d = new BigInteger(256, random);
      if (d.signum() > 0 && d.compareTo(P256.N) < 0) {
        return new P256PrivateKey(d);
      }
    }
  }

  /** The public key, scheme {@value PublicKey#SCHEME_P256}. */
  @Override
  public PublicKey publicKey() {
    return publicKey;
  }

  /** Deterministic (RFC 6979) ECDSA of a 32-byte digest, normalised to low-s. */
  @Override
  public P256Signature sign(Bytes32 digest) {
    return P256.sign(digest, d);
  }

  @Override
  public String toString() {
    return "P256PrivateKey{" + publicKey.toUncompressed().toHexString() + "}";
  }
}
