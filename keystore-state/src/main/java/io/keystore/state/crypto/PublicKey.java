package io.keystore.state.crypto;

import java.math.BigInteger;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;

/**
 * A public key of one of the keystore's key schemes: an affine point, never infinity, on the
 * scheme's curve. Scheme 1 is secp256k1 ECDSA (docs/spec/state.md §3); schemes 2 (raw P-256 ECDSA)
 * and 3 (WebAuthn, a P-256 passkey) are P-256 points (docs/spec/passkeys.md §2). Every instance is
 * valid: the constructor checks the scheme, that the coordinates are below the curve's p and that
 * the point is on the curve. The same point under two schemes is two different keys.
 *
 * @param scheme the key scheme, 1, 2 or 3
 * @param x the x coordinate, in [0, p)
 * @param y the y coordinate, in [0, p)
 */
public record PublicKey(int scheme, BigInteger x, BigInteger y) {

  /** The key scheme of secp256k1 ECDSA keys. */
  public static final int SCHEME_SECP256K1 = 1;

  /** The key scheme of raw P-256 ECDSA keys (docs/spec/passkeys.md §3). */
  public static final int SCHEME_P256 = 2;

  /** The key scheme of WebAuthn passkeys, P-256 keys that sign assertions (passkeys.md §4). */
  public static final int SCHEME_WEBAUTHN = 3;

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
    if (!isKnownScheme(scheme)) {
      throw new IllegalArgumentException("unknown key scheme " + scheme);
    }
    if (scheme == SCHEME_SECP256K1 && !Secp256k1.isOnCurve(x, y)) {
      throw notOnCurve("secp256k1 (coordinates below p, y^2 = x^3 + 7)", x, y);
    }
    if (scheme != SCHEME_SECP256K1 && !P256.isOnCurve(x, y)) {
      throw notOnCurve("P-256 (coordinates below p, y^2 = x^3 - 3x + b)", x, y);
    }
  }

  /** A secp256k1 key (scheme {@value #SCHEME_SECP256K1}). */
  public PublicKey(BigInteger x, BigInteger y) {
    this(SCHEME_SECP256K1, x, y);
  }

  /** Whether the scheme is one of 1 (secp256k1), 2 (P-256) and 3 (WebAuthn). */
  public static boolean isKnownScheme(int scheme) {
    return scheme == SCHEME_SECP256K1 || scheme == SCHEME_P256 || scheme == SCHEME_WEBAUTHN;
  }

  private static IllegalArgumentException notOnCurve(String curve, BigInteger x, BigInteger y) {
    return new IllegalArgumentException(
        "not a point on " + curve + ": x=0x" + x.toString(16) + " y=0x" + y.toString(16));
  }

  /** Whether this is a P-256 key (scheme 2 or 3). */
  public boolean isP256() {
    return scheme != SCHEME_SECP256K1;
  }

  /**
   * Parses 64 bytes x || y (big-endian) as a key of the given scheme.
   *
   * @throws IllegalArgumentException if the scheme is unknown, the length wrong or the point
   *     invalid
   */
  public static PublicKey fromXY(int scheme, Bytes xy) {
    if (xy.size() != 64) {
      throw new IllegalArgumentException("x || y is 64 bytes, got " + xy.size());
    }
    return new PublicKey(
        scheme,
        new BigInteger(1, xy.slice(0, 32).toArrayUnsafe()),
        new BigInteger(1, xy.slice(32, 32).toArrayUnsafe()));
  }

  /**
   * Parses the SEC 1 uncompressed form 0x04 || x || y (65 bytes) as a key of the given scheme.
   *
   * @throws IllegalArgumentException if the scheme is unknown, the form or the point invalid
   */
  public static PublicKey fromUncompressed(int scheme, Bytes encoded) {
    if (encoded.size() != UNCOMPRESSED_LENGTH || encoded.get(0) != 0x04) {
      throw new IllegalArgumentException(
          "an uncompressed public key is 65 bytes starting with 0x04: " + encoded.toHexString());
    }
    return fromXY(scheme, encoded.slice(1));
  }

  /**
   * Parses 64 bytes x || y (big-endian) as a secp256k1 key.
   *
   * @throws IllegalArgumentException if the length is wrong or the point is invalid
   */
  public static PublicKey fromXY(Bytes xy) {
    return fromXY(SCHEME_SECP256K1, xy);
  }

  /**
   * Parses the SEC 1 uncompressed form, 0x04 || x || y (65 bytes), as a secp256k1 key.
   *
   * @throws IllegalArgumentException if the form or the point is invalid
   */
  public static PublicKey fromUncompressed(Bytes encoded) {
    return fromUncompressed(SCHEME_SECP256K1, encoded);
  }

  /** 64 bytes x || y, each 32 bytes big-endian. */
  public Bytes toXY() {
    return Bytes.concatenate(word(x), word(y));
  }

  /** The SEC 1 uncompressed form, 0x04 || x || y. */
  public Bytes toUncompressed() {
    return Bytes.concatenate(Bytes.of(0x04), toXY());
  }

  /**
   * The Ethereum address of this secp256k1 key: the last 20 bytes of keccak256(x || y).
   *
   * @throws IllegalStateException for a P-256 key, which has no Ethereum address (see {@link
   *     #address()})
   */
  public Address ethereumAddress() {
    return address()
        .orElseThrow(
            () -> new IllegalStateException("a P-256 key (scheme " + scheme + ") has no address"));
  }

  /** The Ethereum address of a secp256k1 key; empty for P-256 keys (schemes 2 and 3). */
  public Optional<Address> address() {
    if (scheme != SCHEME_SECP256K1) {
      return Optional.empty();
    }
    return Optional.of(Address.wrap(Keccak256.hash(toXY()).slice(12, 20)));
  }

  @Override
  public String toString() {
    return address()
        .map(a -> "PublicKey{" + a + "}")
        .orElseGet(
            () -> "PublicKey{scheme " + scheme + ", " + toUncompressed().toHexString() + "}");
  }

  static Bytes word(BigInteger v) {
    byte[] raw = v.toByteArray();
    byte[] out = new byte[32];
    int n = Math.min(raw.length, 32);
    System.arraycopy(raw, raw.length - n, out, 32 - n, n);
    return Bytes.wrap(out);
  }
}
