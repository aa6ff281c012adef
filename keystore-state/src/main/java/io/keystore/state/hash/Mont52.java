package io.keystore.state.hash;

import java.math.BigInteger;

/**
 * A mutable BN254 scalar field element for the Poseidon2 permutation: Montgomery form with R =
 * 2^260, on five 52-bit limbs held in 64-bit longs (radix 2^52).
 *
 * <p><b>Why 52-bit limbs.</b> Java has no add-with-carry, so in {@link FrMont}'s 64-bit limbs every
 * addition inside a product costs a carry detection (compare, set, add). With 52-bit limbs the 12
 * spare bits of each long absorb the carries: a product's column sums are plain additions, and the
 * carries are propagated once, at the end ({@link #normalize}). The limb products use one operand
 * pre-shifted left by 12 bits, so that for x, y below 2^52: {@code (x * (y << 12)) >>> 12} is the
 * low 52 bits of x·y and {@code unsignedMultiplyHigh(x, y << 12)} is x·y >>> 52, its high part.
 * The benchmark this replaced spent nearly all its time in the carries of the 64-bit product.
 *
 * <p><b>Bounds.</b> A value is any representative of its residue: "normalized" means every limb is
 * below 2^52 (then the value is below 2^260). With ρ = r / 2^260 ≈ 0.0118:
 *
 * <ul>
 *   <li>{@link #mul} and {@link #square}: normalized inputs a, b give a normalized result below
 *       a·b/2^260 + r, i.e. below (A·B·ρ + 1)·r for a < A·r, b < B·r.
 *   <li>{@link #pow5}: hence an input below 8r gives a^2 < 1.76r, a^4 < 1.04r, a^5 < 1.1r.
 *   <li>{@link #reduce}: a normalized value comes out below 2^252 + r < 1.34r.
 * </ul>
 *
 * <p>Instances are scratch registers owned by their creator; nothing is shared or static-mutable,
 * and the arithmetic never allocates.
 */
final class Mont52 {

  private static final int BITS = 52;
  private static final long MASK = (1L << BITS) - 1;

  /** The shift that turns a 52-bit y into the pre-shifted operand y << 12 (see class comment). */
  private static final int PRE = 64 - BITS;

  // r in radix 2^52, and the same limbs pre-shifted by PRE for the products m * r.
  private static final long Q0 = limb(FrMont.MODULUS, 0);
  private static final long Q1 = limb(FrMont.MODULUS, 1);
  private static final long Q2 = limb(FrMont.MODULUS, 2);
  private static final long Q3 = limb(FrMont.MODULUS, 3);
  private static final long Q4 = limb(FrMont.MODULUS, 4);
  private static final long QS0 = Q0 << PRE;
  private static final long QS1 = Q1 << PRE;
  private static final long QS2 = Q2 << PRE;
  private static final long QS3 = Q3 << PRE;
  private static final long QS4 = Q4 << PRE;

  /** -r^-1 mod 2^52. */
  private static final long Q_INV_NEG =
      FrMont.MODULUS
          .modInverse(BigInteger.ONE.shiftLeft(BITS))
          .negate()
          .mod(BigInteger.ONE.shiftLeft(BITS))
          .longValue();

  /** 2^252 mod r as 64-bit limbs: FrMont-multiplying by it turns R = 2^260 into R = 2^256. */
  private static final long[] TO_FR_MONT = fourLimbs(BigInteger.ONE.shiftLeft(252).mod(FrMont.MODULUS));

  /** {@link #reduce} looks at the value's bits 252..259: the top 8 bits of limb 4. */
  private static final int REDUCE_SHIFT = BITS - 8;

  /** For each t in 0..255, the normalized limbs of k·r with k = floor(t · 2^252 / r). */
  private static final long[] REDUCE_TABLE = reduceTable();

  long v0;
  long v1;
  long v2;
  long v3;
  long v4;

  // ---------------------------------------------------------------- conversions

  void set(Mont52 x) {
    v0 = x.v0;
    v1 = x.v1;
    v2 = x.v2;
    v3 = x.v3;
    v4 = x.v4;
  }

  /**
   * Sets this to x. Fr holds X = x·2^256 mod r below r on 64-bit limbs; 16·X is then a
   * representative of x·2^260 below 16r, and its 52-bit limbs are X's bits re-cut at a 4-bit
   * offset. {@link #reduce} then brings it below 1.34r.
   */
  void set(Fr x) {
    long m0 = x.m0;
    long m1 = x.m1;
    long m2 = x.m2;
    long m3 = x.m3;
    v0 = (m0 << 4) & MASK; // X bits 0..47
    v1 = ((m0 >>> 48) | (m1 << 16)) & MASK; // X bits 48..99
    v2 = ((m1 >>> 36) | (m2 << 28)) & MASK; // 100..151
    v3 = ((m2 >>> 24) | (m3 << 40)) & MASK; // 152..203
    v4 = m3 >>> 12; // 204..255
    reduce();
  }

  /**
   * This value as an Fr (fully reduced); this must be normalized and below 2^256. The 64-bit
   * limbs V of this value are multiplied by 2^252 with FrMont's Montgomery product, V·2^252/2^256
   * = V/16, which turns x·2^260 into x·2^256.
   */
  Fr toFr() {
    FrMont x = new FrMont();
    x.setLimbs(v0 | (v1 << 52), (v1 >>> 12) | (v2 << 40), (v2 >>> 24) | (v3 << 28), (v3 >>> 36) | (v4 << 16));
    FrMont c = new FrMont();
    c.setLimbs(TO_FR_MONT[0], TO_FR_MONT[1], TO_FR_MONT[2], TO_FR_MONT[3]);
    x.mul(c, x); // c < r, as FrMont.mul needs; result < 2r
    return x.toFr();
  }

  /** The normalized Montgomery (R = 2^260) limbs of a field element, fully reduced, five longs. */
  static long[] limbsOf(Fr x) {
    BigInteger m = x.toBigInteger().shiftLeft(260).mod(FrMont.MODULUS);
    long[] limbs = new long[5];
    for (int i = 0; i < 5; i++) {
      limbs[i] = limb(m, i);
    }
    return limbs;
  }

  // ---------------------------------------------------------------- multiplicative

  /** this = a^5, the S-box: a normalized and below 8r gives a result below 1.1r (class comment). */
  void pow5(Mont52 a) {
    long a0 = a.v0;
    long a1 = a.v1;
    long a2 = a.v2;
    long a3 = a.v3;
    long a4 = a.v4;
    square(a0, a1, a2, a3, a4); // a^2
    square(v0, v1, v2, v3, v4); // a^4
    mul(v0, v1, v2, v3, v4, a0, a1, a2, a3, a4); // a^5
  }

  /**
   * this = a·b/2^260 mod r (Montgomery product), a and b normalized; the result is normalized and
   * below a·b/2^260 + r. Schoolbook product into ten column sums, then {@link #redc}.
   *
   * <p>Column bound: each of the 25 limb products adds below 2^52 to two columns, at most 5
   * products per column, so a column stays below 10·2^52 before the reduction.
   */
  void mul(Mont52 a, Mont52 b) {
    mul(a.v0, a.v1, a.v2, a.v3, a.v4, b.v0, b.v1, b.v2, b.v3, b.v4);
  }

  /** this = a·a/2^260 mod r, as {@link #mul}. */
  void square(Mont52 a) {
    square(a.v0, a.v1, a.v2, a.v3, a.v4);
  }

  private void mul(
      long a0, long a1, long a2, long a3, long a4, long b0, long b1, long b2, long b3, long b4) {
    long s0 = b0 << PRE;
    long s1 = b1 << PRE;
    long s2 = b2 << PRE;
    long s3 = b3 << PRE;
    long s4 = b4 << PRE;
    // Column k = sum over i + j = k of lo(a_i·b_j), plus over i + j = k - 1 of hi(a_i·b_j).
    long t0 = lo(a0, s0);
    long t1 = hi(a0, s0) + lo(a0, s1) + lo(a1, s0);
    long t2 = hi(a0, s1) + hi(a1, s0) + lo(a0, s2) + lo(a1, s1) + lo(a2, s0);
    long t3 =
        hi(a0, s2) + hi(a1, s1) + hi(a2, s0) + lo(a0, s3) + lo(a1, s2) + lo(a2, s1) + lo(a3, s0);
    long t4 =
        hi(a0, s3) + hi(a1, s2) + hi(a2, s1) + hi(a3, s0)
            + lo(a0, s4) + lo(a1, s3) + lo(a2, s2) + lo(a3, s1) + lo(a4, s0);
    long t5 =
        hi(a0, s4) + hi(a1, s3) + hi(a2, s2) + hi(a3, s1) + hi(a4, s0)
            + lo(a1, s4) + lo(a2, s3) + lo(a3, s2) + lo(a4, s1);
    long t6 = hi(a1, s4) + hi(a2, s3) + hi(a3, s2) + hi(a4, s1) + lo(a2, s4) + lo(a3, s3) + lo(a4, s2);
    long t7 = hi(a2, s4) + hi(a3, s3) + hi(a4, s2) + lo(a3, s4) + lo(a4, s3);
    long t8 = hi(a3, s4) + hi(a4, s3) + lo(a4, s4);
    long t9 = hi(a4, s4);
    redc(t0, t1, t2, t3, t4, t5, t6, t7, t8, t9);
  }

  /**
   * Squaring: 15 limb products instead of 25, the off-diagonal ones a_i·a_j (i < j) taken once
   * with a doubled factor 2a_i (below 2^53, so 2a_i·(a_j << 12) < 2^117 still splits exactly).
   * Columns stay below 10·2^53.
   */
  private void square(long a0, long a1, long a2, long a3, long a4) {
    long s0 = a0 << PRE;
    long s1 = a1 << PRE;
    long s2 = a2 << PRE;
    long s3 = a3 << PRE;
    long s4 = a4 << PRE;
    long d0 = a0 << 1;
    long d1 = a1 << 1;
    long d2 = a2 << 1;
    long d3 = a3 << 1;
    long t0 = lo(a0, s0);
    long t1 = hi(a0, s0) + lo(d0, s1);
    long t2 = hi(d0, s1) + lo(d0, s2) + lo(a1, s1);
    long t3 = hi(d0, s2) + hi(a1, s1) + lo(d0, s3) + lo(d1, s2);
    long t4 = hi(d0, s3) + hi(d1, s2) + lo(d0, s4) + lo(d1, s3) + lo(a2, s2);
    long t5 = hi(d0, s4) + hi(d1, s3) + hi(a2, s2) + lo(d1, s4) + lo(d2, s3);
    long t6 = hi(d1, s4) + hi(d2, s3) + lo(d2, s4) + lo(a3, s3);
    long t7 = hi(d2, s4) + hi(a3, s3) + lo(d3, s4);
    long t8 = hi(d3, s4) + lo(a4, s4);
    long t9 = hi(a4, s4);
    redc(t0, t1, t2, t3, t4, t5, t6, t7, t8, t9);
  }

  /**
   * Montgomery reduction of the ten-column T = sum t_k·2^(52k): this = (T + M·r)/2^260,
   * normalized, with M < 2^260 chosen limb by limb (m = t_k·(-r^-1) mod 2^52) so that the low
   * five columns vanish. Step k adds m·r at column k, after which t_k is 0 mod 2^52 and its high
   * bits move to column k + 1. Each step adds below 2·2^52 + 2^12 to a column, so with columns
   * below 10·2^53 at the start they stay below 2^58: no overflow. The result is below T/2^260 + r.
   */
  private void redc(
      long t0, long t1, long t2, long t3, long t4, long t5, long t6, long t7, long t8, long t9) {
    long m = (t0 * Q_INV_NEG) & MASK;
    t1 += (t0 >>> BITS) + nonZero(t0 & MASK) + hi(m, QS0) + lo(m, QS1);
    t2 += hi(m, QS1) + lo(m, QS2);
    t3 += hi(m, QS2) + lo(m, QS3);
    t4 += hi(m, QS3) + lo(m, QS4);
    t5 += hi(m, QS4);
    m = (t1 * Q_INV_NEG) & MASK;
    t2 += (t1 >>> BITS) + nonZero(t1 & MASK) + hi(m, QS0) + lo(m, QS1);
    t3 += hi(m, QS1) + lo(m, QS2);
    t4 += hi(m, QS2) + lo(m, QS3);
    t5 += hi(m, QS3) + lo(m, QS4);
    t6 += hi(m, QS4);
    m = (t2 * Q_INV_NEG) & MASK;
    t3 += (t2 >>> BITS) + nonZero(t2 & MASK) + hi(m, QS0) + lo(m, QS1);
    t4 += hi(m, QS1) + lo(m, QS2);
    t5 += hi(m, QS2) + lo(m, QS3);
    t6 += hi(m, QS3) + lo(m, QS4);
    t7 += hi(m, QS4);
    m = (t3 * Q_INV_NEG) & MASK;
    t4 += (t3 >>> BITS) + nonZero(t3 & MASK) + hi(m, QS0) + lo(m, QS1);
    t5 += hi(m, QS1) + lo(m, QS2);
    t6 += hi(m, QS2) + lo(m, QS3);
    t7 += hi(m, QS3) + lo(m, QS4);
    t8 += hi(m, QS4);
    m = (t4 * Q_INV_NEG) & MASK;
    t5 += (t4 >>> BITS) + nonZero(t4 & MASK) + hi(m, QS0) + lo(m, QS1);
    t6 += hi(m, QS1) + lo(m, QS2);
    t7 += hi(m, QS2) + lo(m, QS3);
    t8 += hi(m, QS3) + lo(m, QS4);
    t9 += hi(m, QS4);
    normalize(t5, t6, t7, t8, t9);
  }

  // ---------------------------------------------------------------- additive (linear layer)

  /**
   * this = 2s + c + the key at {@code keys[k .. k + 4]}, normalized; all inputs normalized, so the
   * limb sums are below 4·2^52 and need no carries until {@link #normalize}.
   */
  void twicePlusKey(Mont52 s, Mont52 c, long[] keys, int k) {
    normalize(
        (s.v0 << 1) + c.v0 + keys[k],
        (s.v1 << 1) + c.v1 + keys[k + 1],
        (s.v2 << 1) + c.v2 + keys[k + 2],
        (s.v3 << 1) + c.v3 + keys[k + 3],
        (s.v4 << 1) + c.v4 + keys[k + 4]);
  }

  /** this = 2s + c, normalized; s and c normalized. */
  void twicePlus(Mont52 s, Mont52 c) {
    normalize(
        (s.v0 << 1) + c.v0,
        (s.v1 << 1) + c.v1,
        (s.v2 << 1) + c.v2,
        (s.v3 << 1) + c.v3,
        (s.v4 << 1) + c.v4);
  }

  /** this = 3b + s, normalized then {@link #reduce reduced}; b and s normalized, 3b + s < 2^260. */
  void thricePlusReduced(Mont52 b, Mont52 s) {
    normalize(
        3 * b.v0 + s.v0, 3 * b.v1 + s.v1, 3 * b.v2 + s.v2, 3 * b.v3 + s.v3, 3 * b.v4 + s.v4);
    reduce();
  }

  /** this = a + the key at {@code keys[k .. k + 4]}, normalized; a normalized. */
  void addKey(Mont52 a, long[] keys, int k) {
    normalize(a.v0 + keys[k], a.v1 + keys[k + 1], a.v2 + keys[k + 2], a.v3 + keys[k + 3], a.v4 + keys[k + 4]);
  }

  /** this = a + b, normalized; a and b normalized. */
  void add(Mont52 a, Mont52 b) {
    normalize(a.v0 + b.v0, a.v1 + b.v1, a.v2 + b.v2, a.v3 + b.v3, a.v4 + b.v4);
  }

  /**
   * this = v - k·r with k = floor(t·2^252 / r) for the top bits t = v >>> 252; this must be
   * normalized. Then k·r ≤ t·2^252 ≤ v, and v - k·r < (t + 1)·2^252 - k·r < 2^252 + r. The limb
   * differences may be negative; the borrows move up with arithmetic shifts (d >> 52 is -1 or 0,
   * d & MASK the limb), and the top limb ends non-negative since v ≥ k·r.
   */
  void reduce() {
    int i = (int) (v4 >>> REDUCE_SHIFT) * 5;
    long d0 = v0 - REDUCE_TABLE[i];
    long d1 = v1 - REDUCE_TABLE[i + 1] + (d0 >> BITS);
    long d2 = v2 - REDUCE_TABLE[i + 2] + (d1 >> BITS);
    long d3 = v3 - REDUCE_TABLE[i + 3] + (d2 >> BITS);
    v4 = v4 - REDUCE_TABLE[i + 4] + (d3 >> BITS);
    v0 = d0 & MASK;
    v1 = d1 & MASK;
    v2 = d2 & MASK;
    v3 = d3 & MASK;
  }

  // ---------------------------------------------------------------- helpers

  /**
   * Sets this to sum t_k·2^(52k) with every limb but the last below 2^52: the carries of
   * non-negative column sums (each below 2^63) move up once; the last limb takes the rest.
   */
  private void normalize(long t0, long t1, long t2, long t3, long t4) {
    t1 += t0 >>> BITS;
    t2 += t1 >>> BITS;
    t3 += t2 >>> BITS;
    v0 = t0 & MASK;
    v1 = t1 & MASK;
    v2 = t2 & MASK;
    v3 = t3 & MASK;
    v4 = t4 + (t3 >>> BITS);
  }

  /** 1 if x is not zero, else 0. */
  private static long nonZero(long x) {
    return (x | -x) >>> 63;
  }

  /** The low 52 bits of x·y, for y = y' << 12 with y' below 2^52 (see class comment). */
  private static long lo(long x, long y) {
    return (x * y) >>> PRE;
  }

  /** x·y' >>> 52, for y = y' << 12 (see class comment). */
  private static long hi(long x, long y) {
    return Math.unsignedMultiplyHigh(x, y);
  }

  private static long[] reduceTable() {
    long[] table = new long[5 * 256];
    for (int t = 0; t < 256; t++) {
      BigInteger k = BigInteger.valueOf(t).shiftLeft(252).divide(FrMont.MODULUS);
      BigInteger kr = k.multiply(FrMont.MODULUS);
      for (int i = 0; i < 5; i++) {
        table[5 * t + i] = limb(kr, i);
      }
    }
    return table;
  }

  private static long[] fourLimbs(BigInteger v) {
    long[] limbs = new long[4];
    for (int i = 0; i < 4; i++) {
      limbs[i] = v.shiftRight(64 * i).longValue();
    }
    return limbs;
  }

  /** Limb i (radix 2^52) of a non-negative value below 2^260. */
  private static long limb(BigInteger v, int i) {
    return v.shiftRight(BITS * i).longValue() & MASK;
  }
}
