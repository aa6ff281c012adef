package io.keystore.state.crypto;

import java.math.BigInteger;
import org.apache.tuweni.bytes.Bytes;

/**
 * A secp256k1 public key (key scheme 1, docs/spec/state.md §3): an affine point on the curve, never
 * infinity. Every instance is valid: the constructor checks the coordinates are below p and the
 * point is on the curve.
 *
 * @param x the x coordinate, in [0, p)
 * @param y the y coordinate, in [0, p)
 */
public record PublicKey(BigInteger x, BigInteger y) {

  /** The key scheme of secp256k1 ECDSA keys. */
  public static final int SCHEME_SECP256K1 = 1;

  /** Length of the SEC 1 uncompressed form, 0x04 || x || y. */
  public static final int UNCOMPRESSED_LENGTH = 65;

  /**
   * @throws IllegalArgumentException if a coordinate is out of range or the point is not on the
   *     curve
   */
  public PublicKey {
    if (x == null || y == null) {
      throw new IllegalArgumentException("null coordinate");
    }
    if (!Secp256k1.isOnCurve(x, y)) {
      throw new IllegalArgumentException(
          "not a point on secp256k1 (coordinates below p, y^2 = x^3 + 7): x=0x"
              + x.toString(16)
              + " y=0x"
              + y.toString(16));
    }
  }

  /** Always {@value #SCHEME_SECP256K1}. */
  public int scheme() {
    return SCHEME_SECP256K1;
  }

  /**
   * Parses 64 bytes x || y (big-endian).
   *
   * @throws IllegalArgumentException if the length is wrong or the point is invalid
   */
  public static PublicKey fromXY(Bytes xy) {
    if (xy.size() != 64) {
      throw new IllegalArgumentException("x || y is 64 bytes, got " + xy.size());
    }
    return new PublicKey(
        new BigInteger(1, xy.slice(0, 32).toArrayUnsafe()),
        new BigInteger(1, xy.slice(32, 32).toArrayUnsafe()));
  }

  /**
   * Parses the SEC 1 uncompressed form, 0x04 || x || y (65 bytes).
   *
   * @throws IllegalArgumentException if the form or the point is invalid
   */
  public static PublicKey fromUncompressed(Bytes encoded) {
    if (encoded.size() != UNCOMPRESSED_LENGTH || encoded.get(0) != 0x04) {
      throw new IllegalArgumentException(
          "an uncompressed public key is 65 bytes starting with 0x04: " + encoded.toHexString());
    }
    return fromXY(encoded.slice(1));
  }

  /** 64 bytes x || y, each 32 bytes big-endian. */
  public Bytes toXY() {
    return Bytes.concatenate(word(x), word(y));
  }

  /** The SEC 1 uncompressed form, 0x04 || x || y. */
  public Bytes toUncompressed() {
    return Bytes.concatenate(Bytes.of(0x04), toXY());
  }

  /** The Ethereum address of this key: the last 20 bytes of keccak256(x || y). */
  public Address ethereumAddress() {
    return Address.wrap(Keccak256.hash(toXY()).slice(12, 20));
  }

  @Override
  public String toString() {
    return "PublicKey{" + ethereumAddress() + "}";
  }

  static Bytes word(BigInteger v) {
    byte[] raw = v.toByteArray();
    byte[] out = new byte[32];
    int n = Math.min(raw.length, 32);
    System.arraycopy(raw, raw.length - n, out, 32 - n, n);
    return Bytes.wrap(out);
  }
}
