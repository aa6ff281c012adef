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
 *
 * <p><b>Cost model.</b> A 64×64→128-bit product costs Java two multiply instructions (the low half
 * and {@code unsignedMultiplyHigh}), and on x86-64 both run on the one integer-multiply port. The
 * 64-bit version was bound by its carry instructions; this one does more limb products but few
 * other instructions, and is bound by that port: so the code saves multiplications wherever it can
 * (15 products in {@link #mul} and {@link #square} instead of 25, no low half of m·r_0 in {@link
 * #redc}).
 *
 * <p><b>Bounds.</b> A value is any representative of its residue: "normalized" means every limb is
 * below 2^52 (then the value is below 2^260). With ρ = r / 2^260 ≈ 0.0118:
 *
 * <ul>
 *   <li>{@link #mul} and {@link #square}: normalized inputs a, b below 2^259 give a normalized
 *       result below a·b/2^260 + r (so below 2^258 + r < 2^259 again), i.e. below (A·B·ρ + 1)·r for
 *       a < A·r, b < B·r.
 *   <li>{@link #pow5}: hence an input below 8r gives a^2 < 1.76r, a^4 < 1.04r, a^5 < 1.1r.
 *   <li>{@link #reduce}: a normalized value comes out below 2^252 + r < 1.34r.
 * </ul>
 *
 * <p>Instances are scratch registers owned by their creator; nothing is shared or static-mutable,
 * and the arithmetic never allocates ({@link #toFr} allocates its result and two scratch values).
 */
final class Mont52 {

  private static final int BITS = 52;
  private static final long MASK = (1L << BITS) - 1;

  /** The shift that turns a 52-bit y into the pre-shifted operand y << 12 (see class comment). */
  private static final int PRE = 64 - BITS;

  /** The same for a 53-bit sum of two limbs, whose products {@link #mul} splits at 2^53. */
  private static final int PRE_PAIR = PRE - 1;

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
  private static final long[] TO_FR_MONT =
      fourLimbs(BigInteger.ONE.shiftLeft(252).mod(FrMont.MODULUS));

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
   * This value as an Fr (fully reduced); this must be normalized and below 2^256. The 64-bit limbs
   * V of this value are multiplied by 2^252 with FrMont's Montgomery product, V·2^252/2^256 = V/16,
   * which turns x·2^260 into x·2^256.
   */
  Fr toFr() {
    FrMont x = new FrMont();
    x.setLimbs(
        v0 | (v1 << 52),
        (v1 >>> 12) | (v2 << 40),
        (v2 >>> 24) | (v3 << 28),
        (v3 >>> 36) | (v4 << 16));
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
   * this = a·b/2^260 mod r (Montgomery product), a and b normalized and below 2^259; the result is
   * normalized and below a·b/2^260 + r. The product goes into ten column sums (without carries),
   * then {@link #redc} reduces them.
   */
  void mul(Mont52 a, Mont52 b) {
    mul(a.v0, a.v1, a.v2, a.v3, a.v4, b.v0, b.v1, b.v2, b.v3, b.v4);
  }

  /** this = a·a/2^260 mod r, as {@link #mul}. */
  void square(Mont52 a) {
    square(a.v0, a.v1, a.v2, a.v3, a.v4);
  }

  /**
   * The product with 15 limb products instead of 25 (Karatsuba's identity on every pair of limbs):
   * a_i·b_j + a_j·b_i = (a_i + a_j)(b_i + b_j) - a_i·b_i - a_j·b_j, so the five products a_i·b_i
   * and one product per pair i < j suffice. The pair sums are below 2^53, so their product is split
   * at 2^53 instead (pre-shift by 11): low part at column i + j, twice the high part at the next
   * column. The subtracted terms make some columns negative; all columns stay within ±2^57, and
   * {@link #redc} and {@link #normalize} work on signed columns.
   */
  private void mul(
      long a0, long a1, long a2, long a3, long a4, long b0, long b1, long b2, long b3, long b4) {
    // The products a_i·b_i, split at 2^52: low parts l, high parts h.
    long s = b0 << PRE;
    long l0 = lo(a0, s);
    long h0 = hi(a0, s);
    s = b1 << PRE;
    long l1 = lo(a1, s);
    long h1 = hi(a1, s);
    s = b2 << PRE;
    long l2 = lo(a2, s);
    long h2 = hi(a2, s);
    s = b3 << PRE;
    long l3 = lo(a3, s);
    long h3 = hi(a3, s);
    s = b4 << PRE;
    long l4 = lo(a4, s);
    long h4 = hi(a4, s);
    // For each pair i < j: c_ij = a_i·b_j + a_j·b_i as (low, high) column contributions.
    long x = a0 + a1;
    s = (b0 + b1) << PRE_PAIR;
    long c01 = loPair(x, s) - l0 - l1;
    long d01 = (hi(x, s) << 1) - h0 - h1;
    x = a0 + a2;
    s = (b0 + b2) << PRE_PAIR;
    long c02 = loPair(x, s) - l0 - l2;
    long d02 = (hi(x, s) << 1) - h0 - h2;
    x = a0 + a3;
    s = (b0 + b3) << PRE_PAIR;
    long c03 = loPair(x, s) - l0 - l3;
    long d03 = (hi(x, s) << 1) - h0 - h3;
    x = a0 + a4;
    s = (b0 + b4) << PRE_PAIR;
    long c04 = loPair(x, s) - l0 - l4;
    long d04 = (hi(x, s) << 1) - h0 - h4;
    x = a1 + a2;
    s = (b1 + b2) << PRE_PAIR;
    long c12 = loPair(x, s) - l1 - l2;
    long d12 = (hi(x, s) << 1) - h1 - h2;
    x = a1 + a3;
    s = (b1 + b3) << PRE_PAIR;
    long c13 = loPair(x, s) - l1 - l3;
    long d13 = (hi(x, s) << 1) - h1 - h3;
    x = a1 + a4;
    s = (b1 + b4) << PRE_PAIR;
    long c14 = loPair(x, s) - l1 - l4;
    long d14 = (hi(x, s) << 1) - h1 - h4;
    x = a2 + a3;
    s = (b2 + b3) << PRE_PAIR;
    long c23 = loPair(x, s) - l2 - l3;
    long d23 = (hi(x, s) << 1) - h2 - h3;
    x = a2 + a4;
    s = (b2 + b4) << PRE_PAIR;
    long c24 = loPair(x, s) - l2 - l4;
    long d24 = (hi(x, s) << 1) - h2 - h4;
    x = a3 + a4;
    s = (b3 + b4) << PRE_PAIR;
    long c34 = loPair(x, s) - l3 - l4;
    long d34 = (hi(x, s) << 1) - h3 - h4;
    redc(
        l0,
        h0 + c01,
        l1 + d01 + c02,
        h1 + d02 + c03 + c12,
        l2 + d03 + d12 + c04 + c13,
        h2 + d04 + d13 + c14 + c23,
        l3 + d14 + d23 + c24,
        h3 + d24 + c34,
        l4 + d34,
        h4);
  }

  /**
   * Squaring: 15 limb products instead of 25, the off-diagonal ones a_i·a_j (i < j) taken once with
   * a doubled factor 2a_i (below 2^53, so 2a_i·(a_j << 12) < 2^117 still splits exactly). Columns
   * stay below 10·2^53.
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
   * Montgomery reduction of the ten-column T = sum t_k·2^(52k): this = (T + M·r)/2^260, normalized,
   * with M < 2^260 chosen limb by limb (m = t_k·(-r^-1) mod 2^52) so that the low five columns
   * vanish. Step k adds m·r at column k, after which t_k is 0 mod 2^52 and its high bits move to
   * column k + 1 (arithmetic shift: the columns of {@link #mul} may be negative). Each step adds
   * below 2·2^52 + 2^12 to a column, so with columns within ±2^57 at the start they stay within
   * ±2^58: no overflow. The result is below T/2^260 + r.
   */
  private void redc(
      long t0, long t1, long t2, long t3, long t4, long t5, long t6, long t7, long t8, long t9) {
    long m = (t0 * Q_INV_NEG) & MASK;
    t1 += (t0 >> BITS) + nonZero(t0 & MASK) + hi(m, QS0) + lo(m, QS1);
    t2 += hi(m, QS1) + lo(m, QS2);
    t3 += hi(m, QS2) + lo(m, QS3);
    t4 += hi(m, QS3) + lo(m, QS4);
    t5 += hi(m, QS4);
    m = (t1 * Q_INV_NEG) & MASK;
    t2 += (t1 >> BITS) + nonZero(t1 & MASK) + hi(m, QS0) + lo(m, QS1);
    t3 += hi(m, QS1) + lo(m, QS2);
    t4 += hi(m, QS2) + lo(m, QS3);
    t5 += hi(m, QS3) + lo(m, QS4);
    t6 += hi(m, QS4);
    m = (t2 * Q_INV_NEG) & MASK;
    t3 += (t2 >> BITS) + nonZero(t2 & MASK) + hi(m, QS0) + lo(m, QS1);
    t4 += hi(m, QS1) + lo(m, QS2);
    t5 += hi(m, QS2) + lo(m, QS3);
    t6 += hi(m, QS3) + lo(m, QS4);
    t7 += hi(m, QS4);
    m = (t3 * Q_INV_NEG) & MASK;
    t4 += (t3 >> BITS) + nonZero(t3 & MASK) + hi(m, QS0) + lo(m, QS1);
    t5 += hi(m, QS1) + lo(m, QS2);
    t6 += hi(m, QS2) + lo(m, QS3);
    t7 += hi(m, QS3) + lo(m, QS4);
    t8 += hi(m, QS4);
    m = (t4 * Q_INV_NEG) & MASK;
    t5 += (t4 >> BITS) + nonZero(t4 & MASK) + hi(m, QS0) + lo(m, QS1);
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
    normalize(3 * b.v0 + s.v0, 3 * b.v1 + s.v1, 3 * b.v2 + s.v2, 3 * b.v3 + s.v3, 3 * b.v4 + s.v4);
    reduce();
  }

  /** this = a + the key at {@code keys[k .. k + 4]}, normalized; a normalized. */
  void addKey(Mont52 a, long[] keys, int k) {
    normalize(
        a.v0 + keys[k],
        a.v1 + keys[k + 1],
        a.v2 + keys[k + 2],
        a.v3 + keys[k + 3],
        a.v4 + keys[k + 4]);
  }

  /** this = a + b, normalized; a and b normalized. */
  void add(Mont52 a, Mont52 b) {
    normalize(a.v0 + b.v0, a.v1 + b.v1, a.v2 + b.v2, a.v3 + b.v3, a.v4 + b.v4);
  }

  /**
   * this = v - k·r with k = floor(t·2^252 / r) for the top bits t = v >>> 252; this must be
   * normalized. Then k·r ≤ t·2^252 ≤ v, and v - k·r < (t + 1)·2^252 - k·r < 2^252 + r. The limb
   * differences may be negative; the borrows move up with arithmetic shifts (d >> 52 is -1 or 0, d
   * & MASK the limb), and the top limb ends non-negative since v ≥ k·r.
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
   * Sets this to sum t_k·2^(52k) with every limb but the last below 2^52: the carries move up once,
   * by arithmetic shifts (t = (t >> 52)·2^52 + (t & MASK) also for negative columns, each within
   * ±2^62); the last limb takes the rest and is non-negative when the sum is.
   */
  private void normalize(long t0, long t1, long t2, long t3, long t4) {
    t1 += t0 >> BITS;
    t2 += t1 >> BITS;
    t3 += t2 >> BITS;
    v0 = t0 & MASK;
    v1 = t1 & MASK;
    v2 = t2 & MASK;
    v3 = t3 & MASK;
    v4 = t4 + (t3 >> BITS);
  }

  /** 1 if x is not zero, else 0. */
  private static long nonZero(long x) {
    return (x | -x) >>> 63;
  }

  /** The low 52 bits of x·y, for y = y' << 12 with y' below 2^52 (see class comment). */
  private static long lo(long x, long y) {
    return (x * y) >>> PRE;
  }

  /** The low 53 bits of x·y', for y = y' << 11 with y' below 2^53. */
  private static long loPair(long x, long y) {
    return (x * y) >>> PRE_PAIR;
  }

  /** x·y' >>> 52 for y = y' << 12, or x·y' >>> 53 for y = y' << 11 (see class comment). */
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
