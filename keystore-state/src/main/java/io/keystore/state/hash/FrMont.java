package io.keystore.state.hash;

import java.math.BigInteger;

/**
 * A mutable BN254 scalar field element in Montgomery form on four little-endian 64-bit limbs, and
 * the limb arithmetic behind {@link Fr} (the Poseidon2 permutation itself runs on {@link Mont52}).
 *
 * <p><b>Lazy reduction.</b> A value is any 256-bit representative of its residue, not necessarily
 * the one below r; each method states the input bounds it needs and the output bound it gives (as
 * multiples of r, with r ≈ 0.189 · 2^256, so 2^256 ≈ 5.29r), and {@link #toFr()} and {@link
 * #toCanonical()} reduce fully. Java has no add-with-carry, so every carry costs several
 * instructions, and the bounds let the callers skip reductions. The two facts they rest on:
 *
 * <ul>
 *   <li>{@link #mul}: for a below 4.29r and any b below 2^256, the result is below a·b/2^256 + r.
 *   <li>{@link #reduce()}: any 256-bit value comes out below 2^250 + r < 1.09r.
 * </ul>
 *
 * <p><b>Carries.</b> {@code carry(sum, addend)} is a compare whose 0/1 result the JIT compiles to a
 * conditional move (the carries in a Montgomery product are unpredictable, so it does not choose a
 * branch); carries with a carry-in use {@code carry(x, y, sum)}, plain bit arithmetic.
 *
 * <p>Instances are scratch registers: whoever creates one owns it, so the class needs no
 * synchronisation, and nothing here is shared or static-mutable. The arithmetic never allocates.
 */
final class FrMont {

  /** The modulus r as a BigInteger; used only for setup and at the API boundary. */
  static final BigInteger MODULUS =
      new BigInteger("30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f0000001", 16);

  private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);

  // r, little-endian limbs.
  static final long Q0 = limb(MODULUS, 0);
  static final long Q1 = limb(MODULUS, 1);
  static final long Q2 = limb(MODULUS, 2);
  static final long Q3 = limb(MODULUS, 3);

  /** -r^-1 mod 2^64. */
  private static final long Q_INV_NEG = MODULUS.modInverse(TWO_64).negate().mod(TWO_64).longValue();

  // R^2 mod r with R = 2^256: a Montgomery multiplication by it converts into Montgomery form.
  private static final BigInteger R2 = BigInteger.ONE.shiftLeft(512).mod(MODULUS);
  private static final long R2_0 = limb(R2, 0);
  private static final long R2_1 = limb(R2, 1);
  private static final long R2_2 = limb(R2, 2);
  private static final long R2_3 = limb(R2, 3);

  /** {@link #reduce} looks at the top {@value} bits of a value. */
  private static final int REDUCE_BITS = 6;

  /**
   * For each top-bits pattern t (the value's bits 250..255), four limbs of 2^256 - k·r, where k =
   * floor(t · 2^250 / r): adding them (mod 2^256) subtracts k·r, the largest multiple of r that
   * cannot exceed a value with those top bits.
   */
  private static final long[] REDUCE_TABLE = reduceTable();

  /** Limb 0 (least significant) of the value, Montgomery form. */
  long l0;

  long l1;
  long l2;
  long l3;

  FrMont() {}

  FrMont(Fr x) {
    set(x);
  }

  // ---------------------------------------------------------------- moving values in and out

  void set(Fr x) {
    l0 = x.m0;
    l1 = x.m1;
    l2 = x.m2;
    l3 = x.m3;
  }

  void set(FrMont x) {
    l0 = x.l0;
    l1 = x.l1;
    l2 = x.l2;
    l3 = x.l3;
  }

  /** Sets the raw limbs (Montgomery form, any 256-bit value). */
  void setLimbs(long x0, long x1, long x2, long x3) {
    l0 = x0;
    l1 = x1;
    l2 = x2;
    l3 = x3;
  }

  /** The value as an Fr, fully reduced; any 256-bit value is accepted. */
  Fr toFr() {
    reduce(l0, l1, l2, l3);
    subtractModulusIfNotBelow();
    return new Fr(l0, l1, l2, l3);
  }

  /** Sets this to the Montgomery form of the canonical value with the given limbs (below r). */
  void setCanonical(long c0, long c1, long c2, long c3) {
    mul(c0, c1, c2, c3, R2_0, R2_1, R2_2, R2_3);
  }

  /**
   * Replaces the value (any 256-bit value) by its canonical, non-Montgomery limbs: a Montgomery
   * multiplication by 1, whose result is at most r, then one conditional subtraction.
   */
  void toCanonical() {
    mul(1, 0, 0, 0, l0, l1, l2, l3);
    subtractModulusIfNotBelow();
  }

  // ---------------------------------------------------------------- multiplicative

  /** this = a * b / 2^256 mod r; a below 4.29r, b any; result below a·b/2^256 + r. */
  void mul(FrMont a, FrMont b) {
    mul(a.l0, a.l1, a.l2, a.l3, b.l0, b.l1, b.l2, b.l3);
  }

  /** this = a^2 (Montgomery); a below 4.29r. */
  void square(FrMont a) {
    mul(a.l0, a.l1, a.l2, a.l3, a.l0, a.l1, a.l2, a.l3);
  }

  /**
   * this = a^5 (Montgomery), the Poseidon2 S-box: two squarings and one multiplication. For a below
   * 1.09r the result is below 1.27r; for a below 2.09r, below 1.65r.
   */
  void pow5(FrMont a) {
    long a0 = a.l0;
    long a1 = a.l1;
    long a2 = a.l2;
    long a3 = a.l3;
    mul(a0, a1, a2, a3, a0, a1, a2, a3); // a^2
    mul(l0, l1, l2, l3, l0, l1, l2, l3); // a^4
    mul(l0, l1, l2, l3, a0, a1, a2, a3); // a^5
  }

  // ---------------------------------------------------------------- additive

  /** this = reduce(a + b); a + b must stay below 2^256; result below 1.09r. */
  void add(FrMont a, FrMont b) {
    long s0 = a.l0 + b.l0;
    long c = carry(s0, b.l0);
    long s1 = a.l1 + b.l1 + c;
    c = carry(a.l1, b.l1, s1);
    long s2 = a.l2 + b.l2 + c;
    c = carry(a.l2, b.l2, s2);
    long s3 = a.l3 + b.l3 + c;
    reduce(s0, s1, s2, s3);
  }

  /** Brings this below 1.09r (see {@link #reduce(long, long, long, long)}). */
  void reduce() {
    reduce(l0, l1, l2, l3);
  }

  /** this = a - b mod r, for a and b below 2r: the difference, plus 2r if it borrowed; below 2r. */
  void sub(FrMont a, FrMont b) {
    long d0 = a.l0 - b.l0;
    long br = borrow(a.l0, b.l0, d0);
    long d1 = a.l1 - b.l1 - br;
    br = borrow(a.l1, b.l1, d1);
    long d2 = a.l2 - b.l2 - br;
    br = borrow(a.l2, b.l2, d2);
    long d3 = a.l3 - b.l3 - br;
    br = borrow(a.l3, b.l3, d3);
    long mask = -br; // all ones when a < b
    long m0 = (Q0 << 1) & mask;
    long m1 = ((Q1 << 1) | (Q0 >>> 63)) & mask;
    long m2 = ((Q2 << 1) | (Q1 >>> 63)) & mask;
    long m3 = ((Q3 << 1) | (Q2 >>> 63)) & mask;
    long e0 = d0 + m0;
    long c = carry(e0, m0);
    long e1 = d1 + m1 + c;
    c = carry(d1, m1, e1);
    long e2 = d2 + m2 + c;
    c = carry(d2, m2, e2);
    l0 = e0;
    l1 = e1;
    l2 = e2;
    l3 = d3 + m3 + c;
  }

  // ---------------------------------------------------------------- kernels

  /**
   * this = a * b / 2^256 mod r, Montgomery multiplication (CIOS), for a below 4.29r; the result is
   * below a·b/2^256 + r and is not reduced further.
   *
   * <p>Row i adds a * b_i into the accumulator t, then adds the multiple m * r that clears t's low
   * word, and drops that word. The accumulator needs no sixth word (the "no-carry" CIOS variant
   * described by the gnark-crypto authors): t + a * b_i + m * r stays below 2^320, and the new t
   * below 2^256, because a + r < 2^256 - 2^192.
   */
  private void mul(long a0, long a1, long a2, long a3, long b0, long b1, long b2, long b3) {
    mulFirstRow(a0, a1, a2, a3, b0);
    mulRow(a0, a1, a2, a3, b1);
    mulRow(a0, a1, a2, a3, b2);
    mulRow(a0, a1, a2, a3, b3);
  }

  /** Row 0, where t starts at zero: t = (a * b0 + m * r) / 2^64, into this. */
  private void mulFirstRow(long a0, long a1, long a2, long a3, long b0) {
    long lo;
    // u = a * b0, five words.
    long u0 = a0 * b0;
    long c = Math.unsignedMultiplyHigh(a0, b0);
    lo = a1 * b0;
    long u1 = lo + c;
    c = Math.unsignedMultiplyHigh(a1, b0) + carry(u1, lo);
    lo = a2 * b0;
    long u2 = lo + c;
    c = Math.unsignedMultiplyHigh(a2, b0) + carry(u2, lo);
    lo = a3 * b0;
    long u3 = lo + c;
    long u4 = Math.unsignedMultiplyHigh(a3, b0) + carry(u3, lo);
    reduceRow(u0, u1, u2, u3, u4);
  }

  /** Row i > 0 on the accumulator t held in this: t = (t + a * bi + m * r) / 2^64. */
  private void mulRow(long a0, long a1, long a2, long a3, long bi) {
    long lo;
    long hi;
    // u = t + a * bi, five words.
    lo = a0 * bi;
    long u0 = l0 + lo;
    long c = Math.unsignedMultiplyHigh(a0, bi) + carry(u0, lo);
    lo = a1 * bi;
    hi = Math.unsignedMultiplyHigh(a1, bi);
    long u1 = l1 + lo;
    hi += carry(u1, lo);
    u1 += c;
    c = hi + carry(u1, c);
    lo = a2 * bi;
    hi = Math.unsignedMultiplyHigh(a2, bi);
    long u2 = l2 + lo;
    hi += carry(u2, lo);
    u2 += c;
    c = hi + carry(u2, c);
    lo = a3 * bi;
    hi = Math.unsignedMultiplyHigh(a3, bi);
    long u3 = l3 + lo;
    hi += carry(u3, lo);
    u3 += c;
    long u4 = hi + carry(u3, c);
    reduceRow(u0, u1, u2, u3, u4);
  }

  /**
   * this = (u + m * r) / 2^64 for the five-word u of a row, with m = u0 * (-r^-1) mod 2^64 so that
   * the low word vanishes: u0 + lo(m * q0) is 0 mod 2^64 and carries exactly when u0 is not 0.
   */
  private void reduceRow(long u0, long u1, long u2, long u3, long u4) {
    long m = u0 * Q_INV_NEG;
    long c = Math.unsignedMultiplyHigh(m, Q0) + nonZero(u0);
    long lo = m * Q1;
    long hi = Math.unsignedMultiplyHigh(m, Q1);
    u1 += lo;
    hi += carry(u1, lo);
    u1 += c;
    c = hi + carry(u1, c);
    lo = m * Q2;
    hi = Math.unsignedMultiplyHigh(m, Q2);
    u2 += lo;
    hi += carry(u2, lo);
    u2 += c;
    c = hi + carry(u2, c);
    lo = m * Q3;
    hi = Math.unsignedMultiplyHigh(m, Q3);
    u3 += lo;
    hi += carry(u3, lo);
    u3 += c;
    c = hi + carry(u3, c);
    l0 = u1;
    l1 = u2;
    l2 = u3;
    l3 = u4 + c;
  }

  /**
   * this = v - k·r for the largest k that the top bits of v guarantee: with t = v >>> 250, k =
   * floor(t · 2^250 / r) makes k·r ≤ t · 2^250 ≤ v and leaves v - k·r < 2^250 + r.
   */
  private void reduce(long v0, long v1, long v2, long v3) {
    int i = (int) (v3 >>> (64 - REDUCE_BITS)) << 2;
    long n0 = REDUCE_TABLE[i];
    long n1 = REDUCE_TABLE[i + 1];
    long n2 = REDUCE_TABLE[i + 2];
    long n3 = REDUCE_TABLE[i + 3];
    long e0 = v0 + n0;
    long c = carry(e0, n0);
    long e1 = v1 + n1 + c;
    c = carry(v1, n1, e1);
    long e2 = v2 + n2 + c;
    c = carry(v2, n2, e2);
    l0 = e0;
    l1 = e1;
    l2 = e2;
    l3 = v3 + n3 + c;
  }

  /** this = this - r if this >= r; branch-free. Fully reduces a value below 2r. */
  private void subtractModulusIfNotBelow() {
    long s0 = l0;
    long s1 = l1;
    long s2 = l2;
    long s3 = l3;
    long d0 = s0 - Q0;
    long br = borrow(s0, Q0, d0);
    long d1 = s1 - Q1 - br;
    br = borrow(s1, Q1, d1);
    long d2 = s2 - Q2 - br;
    br = borrow(s2, Q2, d2);
    long d3 = s3 - Q3 - br;
    br = borrow(s3, Q3, d3);
    long keep = -br; // all ones when s < r: keep s
    l0 = (s0 & keep) | (d0 & ~keep);
    l1 = (s1 & keep) | (d1 & ~keep);
    l2 = (s2 & keep) | (d2 & ~keep);
    l3 = (s3 & keep) | (d3 & ~keep);
  }

  // ---------------------------------------------------------------- word helpers

  /** The carry out of {@code sum = x + addend} (no carry in), as 0 or 1. */
  private static long carry(long sum, long addend) {
    return Long.compareUnsigned(sum, addend) < 0 ? 1 : 0;
  }

  /**
   * The carry out of {@code sum = x + y + carryIn}, as 0 or 1: the majority of the top bits of x, y
   * and not-sum. Pure arithmetic, so the JIT cannot turn it into a branch.
   */
  private static long carry(long x, long y, long sum) {
    return ((x & y) | ((x | y) & ~sum)) >>> 63;
  }

  /** The borrow out of {@code diff = x - y - borrowIn}, as 0 or 1. */
  private static long borrow(long x, long y, long diff) {
    return ((~x & y) | (~(x ^ y) & diff)) >>> 63;
  }

  /** 1 if x is not zero, else 0. */
  private static long nonZero(long x) {
    return (x | -x) >>> 63;
  }

  /** True when the four little-endian limbs hold a value below r. */
  static boolean isCanonical(long c0, long c1, long c2, long c3) {
    long d0 = c0 - Q0;
    long br = borrow(c0, Q0, d0);
    long d1 = c1 - Q1 - br;
    br = borrow(c1, Q1, d1);
    long d2 = c2 - Q2 - br;
    br = borrow(c2, Q2, d2);
    long d3 = c3 - Q3 - br;
    return borrow(c3, Q3, d3) == 1;
  }

  private static long[] reduceTable() {
    int entries = 1 << REDUCE_BITS;
    long[] table = new long[4 * entries];
    BigInteger two256 = BigInteger.ONE.shiftLeft(256);
    for (int t = 0; t < entries; t++) {
      BigInteger k = BigInteger.valueOf(t).shiftLeft(256 - REDUCE_BITS).divide(MODULUS);
      BigInteger negKr = two256.subtract(k.multiply(MODULUS)).mod(two256);
      for (int i = 0; i < 4; i++) {
        table[4 * t + i] = limb(negKr, i);
      }
    }
    return table;
  }

  private static long limb(BigInteger v, int i) {
    return v.shiftRight(64 * i).longValue();
  }
}
