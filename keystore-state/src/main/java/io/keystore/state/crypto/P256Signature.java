package io.keystore.state.crypto;

import java.math.BigInteger;
import java.util.Objects;
import org.apache.tuweni.bytes.Bytes;

/**
 * A well-formed P-256 ECDSA signature, 64 bytes r || s (docs/spec/passkeys.md §3): 1 <= r < n and 1
 * <= s <= (n-1)/2 (low-s). The constructor rejects anything else, so every instance is well-formed;
 * whether it is valid for a key is {@link P256#verify}'s question.
 */
public record P256Signature(BigInteger r, BigInteger s) implements TxSignature {

  /** The encoded length. */
  public static final int LENGTH = 64;

  /**
   * @throws IllegalArgumentException if the signature is not well-formed
   */
  public P256Signature {
    Objects.requireNonNull(r, "r");
    Objects.requireNonNull(s, "s");
    if (r.signum() <= 0 || r.compareTo(P256.N) >= 0) {
      throw new IllegalArgumentException("signature r out of range [1, n): 0x" + r.toString(16));
    }
    if (s.signum() <= 0 || s.compareTo(P256.HALF_N) > 0) {
      throw new IllegalArgumentException(
          "signature s out of range [1, (n-1)/2] (high-s signatures are not accepted: use n - s): 0x"
              + s.toString(16));
    }
  }

  /**
   * The signature (r, s) with s replaced by n - s when it is high: the same signature in its one
   * accepted form (what a wallet does to an authenticator's signature).
   *
   * @throws IllegalArgumentException if r or s is not in [1, n)
   */
  public static P256Signature normalised(BigInteger r, BigInteger s) {
    if (s.signum() <= 0 || s.compareTo(P256.N) >= 0) {
      throw new IllegalArgumentException("signature s out of range [1, n): 0x" + s.toString(16));
    }
    return new P256Signature(r, s.compareTo(P256.HALF_N) > 0 ? P256.N.subtract(s) : s);
  }

  /**
   * Parses r || s.
   *
   * @throws IllegalArgumentException if the length is not 64 or the signature is not well-formed
   */
  public static P256Signature fromBytes(Bytes b) {
    if (b.size() != LENGTH) {
      throw new IllegalArgumentException("a P-256 signature is 64 bytes, got " + b.size());
    }
    return new P256Signature(
        new BigInteger(1, b.slice(0, 32).toArrayUnsafe()),
        new BigInteger(1, b.slice(32, 32).toArrayUnsafe()));
  }

  /** Always {@value PublicKey#SCHEME_P256}: a raw P-256 signature. */
  @Override
  public int scheme() {
    return PublicKey.SCHEME_P256;
  }

  /** r || s, 64 bytes. */
  public Bytes toBytes() {
    return Bytes.concatenate(PublicKey.word(r), PublicKey.word(s));
  }

  @Override
  public String toString() {
    return toBytes().toHexString();
  }
}
