package io.keystore.state.crypto;

import java.math.BigInteger;
import org.apache.tuweni.bytes.Bytes;

/**
 * A well-formed secp256k1 ECDSA signature, 65 bytes r || s || v (docs/spec/transactions.md §4.4): 1
 * <= r < n, 1 <= s <= (n-1)/2 (low-s), v in {27, 28}. The constructor rejects anything else, so
 * every instance is well-formed; whether it is valid for a key is {@link Secp256k1#verify}'s
 * question.
 */
public record Signature(BigInteger r, BigInteger s, int v) implements TxSignature {

  /** The encoded length. */
  public static final int LENGTH = 65;

  /**
   * @throws IllegalArgumentException if the signature is not well-formed
   */
  public Signature {
    if (r == null || s == null) {
      throw new IllegalArgumentException("null r or s");
    }
    if (r.signum() <= 0 || r.compareTo(Secp256k1.N) >= 0) {
      throw new IllegalArgumentException("signature r out of range [1, n): 0x" + r.toString(16));
    }
    if (s.signum() <= 0 || s.compareTo(Secp256k1.HALF_N) > 0) {
      throw new IllegalArgumentException(
          "signature s out of range [1, (n-1)/2] (high-s signatures are not accepted): 0x"
              + s.toString(16));
    }
    if (v != 27 && v != 28) {
      throw new IllegalArgumentException("signature v must be 27 or 28, got " + v);
    }
  }

  /**
   * Parses r || s || v.
   *
   * @throws IllegalArgumentException if the length is not 65 or the signature is not well-formed
   */
  public static Signature fromBytes(Bytes b) {
    if (b.size() != LENGTH) {
      throw new IllegalArgumentException("a signature is 65 bytes, got " + b.size());
    }
    return new Signature(
        new BigInteger(1, b.slice(0, 32).toArrayUnsafe()),
        new BigInteger(1, b.slice(32, 32).toArrayUnsafe()),
        b.get(64) & 0xff);
  }

  /** r || s || v, 65 bytes. */
  public Bytes toBytes() {
    return Bytes.concatenate(PublicKey.word(r), PublicKey.word(s), Bytes.of(v));
  }

  /** Always {@value PublicKey#SCHEME_SECP256K1}. */
  @Override
  public int scheme() {
    return PublicKey.SCHEME_SECP256K1;
  }

  /** The parity of R's y coordinate, v - 27. */
  public int recoveryId() {
    return v - 27;
  }

  @Override
  public String toString() {
    return toBytes().toHexString();
  }
}
