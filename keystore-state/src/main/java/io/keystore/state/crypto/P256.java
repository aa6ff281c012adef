package io.keystore.state.crypto;

import java.math.BigInteger;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes32;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.math.ec.ECAlgorithms;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.ECPoint;

/**
 * P-256 (secp256r1) ECDSA as the keystore uses it for key schemes 2 and 3 (docs/spec/passkeys.md
 * §3): verification of a 32-byte hash value against a committed point with Bouncy Castle, low-s
 * required (by {@link P256Signature}, since Bouncy Castle accepts both s and n - s), and RFC 6979
 * signing normalised to low-s. Thread-safe.
 */
public final class P256 {

  private static final X9ECParameters PARAMS = CustomNamedCurves.getByName("secp256r1");
  private static final ECCurve CURVE = PARAMS.getCurve();
  private static final ECDomainParameters DOMAIN =
      new ECDomainParameters(CURVE, PARAMS.getG(), PARAMS.getN(), PARAMS.getH());

  /** The base field prime p = 2^256 - 2^224 + 2^192 + 2^96 - 1. */
  public static final BigInteger P = CURVE.getField().getCharacteristic();

  /** The group order n. */
  public static final BigInteger N = PARAMS.getN();

  /** (n - 1) / 2, the largest low s. */
  public static final BigInteger HALF_N = N.shiftRight(1);

  private static final BigInteger A = CURVE.getA().toBigInteger();
  private static final BigInteger B = CURVE.getB().toBigInteger();

  private P256() {}

  /** Whether (x, y) has coordinates in [0, p) and lies on y^2 = x^3 - 3x + b. */
  public static boolean isOnCurve(BigInteger x, BigInteger y) {
    if (x.signum() < 0 || y.signum() < 0 || x.compareTo(P) >= 0 || y.compareTo(P) >= 0) {
      return false;
    }
    BigInteger lhs = y.multiply(y).mod(P);
    BigInteger rhs = x.pow(3).add(A.multiply(x)).add(B).mod(P);
    return lhs.equals(rhs);
  }

  /**
   * Whether a well-formed signature is valid for a P-256 key (scheme 2 or 3) and a 32-byte hash
   * value (the EIP-712 digest for scheme 2, the WebAuthn message hash for scheme 3), used as is.
   *
   * @throws IllegalArgumentException if the key is not a P-256 key
   */
  public static boolean verify(PublicKey key, Bytes32 hash, P256Signature sig) {
    if (!key.isP256()) {
      throw new IllegalArgumentException("not a P-256 key: scheme " + key.scheme());
    }
    ECPoint q = CURVE.createPoint(key.x(), key.y());
    ECDSASigner verifier = new ECDSASigner();
    verifier.init(false, new ECPublicKeyParameters(q, DOMAIN));
    return verifier.verifySignature(hash.toArrayUnsafe(), sig.r(), sig.s());
  }

  /**
   * A key of the given scheme (2 or 3) the signature is valid for over the hash value, if there is
   * one (ECDSA public-key recovery: R = (x, y) with x = r or r + n, Q = r^-1 (sR - eG); the first
   * such R, even y first). A P-256 signature has no recovery id, so several keys may fit; this one
   * only tells that the signature is valid for some key (the state transition's WRONG_SIGNER
   * against BAD_SIGNATURE, transactions.md §6.2), never who signed.
   */
  public static Optional<PublicKey> recoverAny(int scheme, Bytes32 hash, P256Signature sig) {
    BigInteger e = new BigInteger(1, hash.toArrayUnsafe()).mod(N);
    BigInteger rInv = sig.r().modInverse(N);
    for (BigInteger x = sig.r(); x.compareTo(P) < 0; x = x.add(N)) {
      for (int prefix = 0x02; prefix <= 0x03; prefix++) {
        ECPoint r;
        try {
          byte[] compressed = new byte[33];
          compressed[0] = (byte) prefix;
          System.arraycopy(PublicKey.word(x).toArrayUnsafe(), 0, compressed, 1, 32);
          r = CURVE.decodePoint(compressed);
        } catch (IllegalArgumentException notOnTheCurve) {
          break; // x is not the x coordinate of a point: neither y is
        }
        ECPoint q =
            ECAlgorithms.sumOfTwoMultiplies(
                    PARAMS.getG(),
                    N.subtract(e).multiply(rInv).mod(N),
                    r,
                    sig.s().multiply(rInv).mod(N))
                .normalize();
        if (!q.isInfinity()) {
          PublicKey key =
              new PublicKey(
                  scheme, q.getAffineXCoord().toBigInteger(), q.getAffineYCoord().toBigInteger());
          if (verify(key, hash, sig)) {
            return Optional.of(key);
          }
        }
      }
    }
    return Optional.empty();
  }

  /**
   * Deterministic ECDSA (RFC 6979, HMAC-SHA-256) of a 32-byte hash value, normalised to low-s. For
   * tests and software keys; passkeys sign in their authenticator.
   */
  public static P256Signature sign(Bytes32 hash, BigInteger privateKey) {
    ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
    signer.init(true, new ECPrivateKeyParameters(privateKey, DOMAIN));
    BigInteger[] rs = signer.generateSignature(hash.toArray());
    return P256Signature.normalised(rs[0], rs[1]);
  }

  /** The public key of a private key in [1, n), as a key of the given scheme (2 or 3). */
  public static PublicKey publicKeyOf(int scheme, BigInteger privateKey) {
    ECPoint q = PARAMS.getG().multiply(privateKey).normalize();
    return new PublicKey(
        scheme, q.getAffineXCoord().toBigInteger(), q.getAffineYCoord().toBigInteger());
  }
}
