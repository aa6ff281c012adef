package io.keystore.state.crypto;

import java.math.BigInteger;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes32;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.math.ec.ECAlgorithms;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.ECPoint;

/**
 * secp256k1 ECDSA as the keystore uses it (docs/spec/transactions.md §4.4): RFC 6979 signing
 * normalised to low-s, and verification against a public key (not by recovering an address), which
 * also checks that v names the parity of R's y coordinate. Thread-safe.
 */
public final class Secp256k1 {

  private static final X9ECParameters PARAMS = CustomNamedCurves.getByName("secp256k1");
  private static final ECCurve CURVE = PARAMS.getCurve();
  private static final ECPoint G = PARAMS.getG();
  private static final ECDomainParameters DOMAIN =
      new ECDomainParameters(CURVE, G, PARAMS.getN(), PARAMS.getH());

  /** The base field prime p = 2^256 - 2^32 - 977. */
  public static final BigInteger P = CURVE.getField().getCharacteristic();

  /** The group order n. */
  public static final BigInteger N = PARAMS.getN();

  /** (n - 1) / 2, the largest low s. */
  public static final BigInteger HALF_N = N.shiftRight(1);

  private static final BigInteger SEVEN = BigInteger.valueOf(7);

  /** The outcome of a verification. */
  public enum Verification {
    /** The signature is valid for the key. */
    VALID,
    /** The signature is valid for some other key (it recovers to a different point). */
    OTHER_KEY,
    /** The signature is valid for no key. */
    INVALID
  }

  private Secp256k1() {}

  /** Whether (x, y) has coordinates in [0, p) and lies on y^2 = x^3 + 7. */
  public static boolean isOnCurve(BigInteger x, BigInteger y) {
    if (x.signum() < 0 || y.signum() < 0 || x.compareTo(P) >= 0 || y.compareTo(P) >= 0) {
      return false;
    }
    BigInteger lhs = y.multiply(y).mod(P);
    BigInteger rhs = x.pow(3).add(SEVEN).mod(P);
    return lhs.equals(rhs);
  }

  static PublicKey publicKeyOf(BigInteger d) {
    ECPoint q = G.multiply(d).normalize();
    return new PublicKey(q.getAffineXCoord().toBigInteger(), q.getAffineYCoord().toBigInteger());
  }

  /** Deterministic ECDSA (RFC 6979, HMAC-SHA-256) of a 32-byte digest, normalised to low-s. */
  static Signature sign(Bytes32 digest, BigInteger d) {
    ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
    signer.init(true, new ECPrivateKeyParameters(d, DOMAIN));
    BigInteger[] rs = signer.generateSignature(digest.toArray());
    BigInteger r = rs[0];
    BigInteger s = rs[1];
    if (s.compareTo(HALF_N) > 0) {
      s = N.subtract(s);
    }
    PublicKey expected = publicKeyOf(d);
    for (int v = 27; v <= 28; v++) {
      Signature sig = new Signature(r, s, v);
      if (verify(expected, digest, sig) == Verification.VALID) {
        return sig;
      }
    }
    // Only when R.x >= n (probability about 2^-128): v cannot express the point.
    throw new IllegalStateException("signature not expressible with v in {27, 28}");
  }

  /**
   * Verifies a well-formed signature of a 32-byte digest against a key: R = (e/s)G + (r/s)Q is not
   * infinity, R.x mod n = r and parity(R.y) = v - 27. When it is not valid, tells whether the
   * signature is valid for another key (it recovers to one) or for none.
   */
  public static Verification verify(PublicKey key, Bytes32 digest, Signature sig) {
    if (isValidFor(toPoint(key), digest, sig)) {
      return Verification.VALID;
    }
    return recover(digest, sig).isPresent() ? Verification.OTHER_KEY : Verification.INVALID;
  }

  private static boolean isValidFor(ECPoint q, Bytes32 digest, Signature sig) {
    BigInteger e = new BigInteger(1, digest.toArrayUnsafe()).mod(N);
    BigInteger w = sig.s().modInverse(N);
    BigInteger u1 = e.multiply(w).mod(N);
    BigInteger u2 = sig.r().multiply(w).mod(N);
    ECPoint r = ECAlgorithms.sumOfTwoMultiplies(G, u1, q, u2).normalize();
    if (r.isInfinity()) {
      return false;
    }
    return r.getAffineXCoord().toBigInteger().mod(N).equals(sig.r())
        && r.getAffineYCoord().toBigInteger().testBit(0) == (sig.recoveryId() == 1);
  }

  /**
   * The key a signature of the digest is valid for, if any: R = (r, y with parity v - 27), Q = r^-1
   * (sR - eG). Used for diagnostics ("signed by whom?") and tests; the keystore verifies against
   * committed keys.
   */
  public static Optional<PublicKey> recover(Bytes32 digest, Signature sig) {
    ECPoint r;
    try {
      byte[] compressed = new byte[33];
      compressed[0] = (byte) (sig.recoveryId() == 1 ? 0x03 : 0x02);
      System.arraycopy(PublicKey.word(sig.r()).toArrayUnsafe(), 0, compressed, 1, 32);
      r = CURVE.decodePoint(compressed);
    } catch (IllegalArgumentException e) {
      return Optional.empty(); // r is not the x coordinate of a curve point
    }
    BigInteger e = new BigInteger(1, digest.toArrayUnsafe()).mod(N);
    BigInteger rInv = sig.r().modInverse(N);
    BigInteger u1 = N.subtract(e).multiply(rInv).mod(N);
    BigInteger u2 = sig.s().multiply(rInv).mod(N);
    ECPoint q = ECAlgorithms.sumOfTwoMultiplies(G, u1, r, u2).normalize();
    if (q.isInfinity()) {
      return Optional.empty();
    }
    PublicKey key =
        new PublicKey(q.getAffineXCoord().toBigInteger(), q.getAffineYCoord().toBigInteger());
    return isValidFor(q, digest, sig) ? Optional.of(key) : Optional.empty();
  }

  private static ECPoint toPoint(PublicKey key) {
    return CURVE.createPoint(key.x(), key.y());
  }
}
