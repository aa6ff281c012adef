package io.keystore.state.hash;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.math.BigInteger;
import java.nio.ByteOrder;
import org.apache.tuweni.bytes.Bytes32;

/**
 * An element of the BN254 scalar field F_r, r = 0x30644e72...f0000001: an immutable value.
 *
 * <p>Its encoding is 32 bytes, big-endian and canonical (below r); {@link #fromBytes} rejects any
 * other. Inside, the value is kept in Montgomery form on four 64-bit limbs (fully reduced, so equal
 * values have equal limbs), and the arithmetic runs on the limbs ({@code FrMont}), not on
 * BigInteger. Immutable, hence thread-safe.
 */
public final class Fr implements Comparable<Fr> {

  /** The field modulus r. */
  public static final BigInteger MODULUS = FrMont.MODULUS;

  private static final VarHandle BIG_ENDIAN_LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  public static final Fr ZERO = fromBigInteger(BigInteger.ZERO);
  public static final Fr ONE = fromBigInteger(BigInteger.ONE);

  // Montgomery form (value * 2^256 mod r), little-endian limbs.
  final long m0;
  final long m1;
  final long m2;
  final long m3;

  Fr(long m0, long m1, long m2, long m3) {
    this.m0 = m0;
    this.m1 = m1;
    this.m2 = m2;
    this.m3 = m3;
  }

  // ---------------------------------------------------------------- conversions

  /**
   * Decodes 32 big-endian bytes.
   *
   * @throws IllegalArgumentException if the value is not below r (not canonical)
   */
  public static Fr fromBytes(Bytes32 bytes) {
    byte[] b = bytes.toArrayUnsafe(); // read only
    long c3 = (long) BIG_ENDIAN_LONGS.get(b, 0);
    long c2 = (long) BIG_ENDIAN_LONGS.get(b, 8);
    long c1 = (long) BIG_ENDIAN_LONGS.get(b, 16);
    long c0 = (long) BIG_ENDIAN_LONGS.get(b, 24);
    if (!FrMont.isCanonical(c0, c1, c2, c3)) {
      throw new IllegalArgumentException(
          "not a canonical BN254 scalar field element (must be below r = 0x"
              + MODULUS.toString(16)
              + "): "
              + bytes.toHexString());
    }
    FrMont x = new FrMont();
    x.setCanonical(c0, c1, c2, c3);
    return x.toFr();
  }

  /**
   * Converts a value in [0, r).
   *
   * @throws IllegalArgumentException if the value is negative or not below r
   */
  public static Fr fromBigInteger(BigInteger value) {
    if (value.signum() < 0 || value.compareTo(MODULUS) >= 0) {
      throw new IllegalArgumentException(
          "not a canonical BN254 scalar field element (must be in [0, r)): " + value);
    }
    FrMont x = new FrMont();
    x.setCanonical(
        value.longValue(),
        value.shiftRight(64).longValue(),
        value.shiftRight(128).longValue(),
        value.shiftRight(192).longValue());
    return x.toFr();
  }

  /** Reduces any integer, negative ones included, modulo r. */
  public static Fr fromBigIntegerReduced(BigInteger value) {
    return fromBigInteger(value.mod(MODULUS));
  }

  /**
   * Converts a non-negative long.
   *
   * @throws IllegalArgumentException if the value is negative
   */
  public static Fr of(long value) {
    if (value < 0) {
      throw new IllegalArgumentException("negative value: " + value);
    }
    FrMont x = new FrMont();
    x.setCanonical(value, 0, 0, 0);
    return x.toFr();
  }

  /** The canonical 32-byte big-endian encoding. */
  public Bytes32 toBytes() {
    FrMont x = new FrMont(this);
    x.toCanonical();
    byte[] b = new byte[32];
    BIG_ENDIAN_LONGS.set(b, 0, x.l3);
    BIG_ENDIAN_LONGS.set(b, 8, x.l2);
    BIG_ENDIAN_LONGS.set(b, 16, x.l1);
    BIG_ENDIAN_LONGS.set(b, 24, x.l0);
    return Bytes32.wrap(b);
  }

  /** The value in [0, r). */
  public BigInteger toBigInteger() {
    return new BigInteger(1, toBytes().toArrayUnsafe());
  }

  // ---------------------------------------------------------------- arithmetic

  public Fr add(Fr other) {
    FrMont x = new FrMont(this);
    x.add(x, new FrMont(other));
    return x.toFr();
  }

  public Fr sub(Fr other) {
    FrMont x = new FrMont(this);
    x.sub(x, new FrMont(other));
    return x.toFr();
  }

  public Fr neg() {
    FrMont x = new FrMont();
    x.sub(x, new FrMont(this));
    return x.toFr();
  }

  public Fr mul(Fr other) {
    FrMont x = new FrMont(this);
    x.mul(x, new FrMont(other));
    return x.toFr();
  }

  public Fr square() {
    FrMont x = new FrMont(this);
    x.square(x);
    return x.toFr();
  }

  /** this^5, the Poseidon2 S-box. */
  public Fr pow5() {
    FrMont x = new FrMont(this);
    x.pow5(x);
    return x.toFr();
  }

  /**
   * The multiplicative inverse, as this^(r-2).
   *
   * @throws ArithmeticException if this is zero
   */
  public Fr inverse() {
    if (isZero()) {
      throw new ArithmeticException("zero has no inverse in F_r");
    }
    BigInteger e = MODULUS.subtract(BigInteger.TWO);
    FrMont base = new FrMont(this);
    FrMont acc = new FrMont(ONE);
    for (int i = e.bitLength() - 1; i >= 0; i--) {
      acc.square(acc);
      if (e.testBit(i)) {
        acc.mul(acc, base);
      }
    }
    return acc.toFr();
  }

  public boolean isZero() {
    return (m0 | m1 | m2 | m3) == 0;
  }

  // ---------------------------------------------------------------- value semantics

  /** Orders by the canonical value. */
  @Override
  public int compareTo(Fr other) {
    return toBigInteger().compareTo(other.toBigInteger());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Fr f && m0 == f.m0 && m1 == f.m1 && m2 == f.m2 && m3 == f.m3;
  }

  @Override
  public int hashCode() {
    long h = m0 * 31 + m1;
    h = h * 31 + m2;
    h = h * 31 + m3;
    return Long.hashCode(h);
  }

  /** The canonical value as 0x-prefixed 64-digit hex. */
  @Override
  public String toString() {
    return toBytes().toHexString();
  }
}
