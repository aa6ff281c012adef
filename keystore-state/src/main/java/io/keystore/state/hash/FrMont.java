package io.keystore.state.hash;

import java.math.BigInteger;

/**
 * A mutable BN254 scalar field element in Montgomery form on four little-endian 64-bit limbs, and
 * the limb arithmetic behind {@link Fr} and {@link Poseidon2}.
 *
 * <p>Every value held is fully reduced (below r). Instances are scratch registers: whoever creates
 * one owns it, so the class needs no synchronisation; nothing here is shared or static-mutable.
 * The arithmetic never allocates: multiplication is CIOS Montgomery multiplication with the
 * "no-carry" shortcut, which applies because the top limb of r is below (2^64 - 1) / 2 - 1.
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

  // R^2 mod r with R = 2^256: multiplying by it converts into Montgomery form.
  private static final BigInteger R2 = BigInteger.ONE.shiftLeft(512).mod(MODULUS);
  private static final long R2_0 = limb(R2, 0);
  private static final long R2_1 = limb(R2, 1);
  private static final long R2_2 = limb(R2, 2);
  private static final long R2_3 = limb(R2, 3);

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

  Fr toFr() {
    return new Fr(l0, l1, l2, l3);
  }

  /** Sets this to the Montgomery form of the canonical value with the given limbs (each below r). */
  void setCanonical(long c0, long c1, long c2, long c3) {
    mul(c0, c1, c2, c3, R2_0, R2_1, R2_2, R2_3);
  }

  /** Sets this to the canonical (non-Montgomery) limbs of the value held: a multiplication by 1. */
  void toCanonical() {
    mul(l0, l1, l2, l3, 1, 0, 0, 0);
  }

  // ---------------------------------------------------------------- arithmetic on this

  /** this = a * b. Either may be this. */
  void mul(FrMont a, FrMont b) {
    mul(a.l0, a.l1, a.l2, a.l3, b.l0, b.l1, b.l2, b.l3);
  }

  /** this = a^2. a may be this. */
  void square(FrMont a) {
    mul(a.l0, a.l1, a.l2, a.l3, a.l0, a.l1, a.l2, a.l3);
  }

  /** this = a^5, the Poseidon2 S-box; uses two squarings and one multiplication. */
  void pow5(FrMont a) {
    long a0 = a.l0;
    long a1 = a.l1;
    long a2 = a.l2;
    long a3 = a.l3;
    mul(a0, a1, a2, a3, a0, a1, a2, a3); // a^2
    mul(l0, l1, l2, l3, l0, l1, l2, l3); // a^4
    mul(l0, l1, l2, l3, a0, a1, a2, a3); // a^5
  }

  /** this = a + b. Either may be this. */
  void add(FrMont a, FrMont b) {
    add(a.l0, a.l1, a.l2, a.l3, b.l0, b.l1, b.l2, b.l3);
  }

  /** this = this + the Montgomery-form constant at {@code keys[offset .. offset + 3]}. */
  void addConstant(long[] keys, int offset) {
    add(l0, l1, l2, l3, keys[offset], keys[offset + 1], keys[offset + 2], keys[offset + 3]);
  }

  /** this = a - b. Either may be this. */
  void sub(FrMont a, FrMont b) {
    sub(a.l0, a.l1, a.l2, a.l3, b.l0, b.l1, b.l2, b.l3);
  }

  boolean isZero() {
    return (l0 | l1 | l2 | l3) == 0;
  }

  // ---------------------------------------------------------------- limb kernels

  /**
   * this = a + b mod r for a, b below r. The sum is below 2r < 2^255, so it fits four limbs; r is
   * then subtracted when the sum is not below it, selected without a branch.
   */
  private void add(long a0, long a1, long a2, long a3, long b0, long b1, long b2, long b3) {
    long s0 = a0 + b0;
    long c = carry(a0, b0, s0);
    long s1 = a1 + b1 + c;
    c = carry(a1, b1, s1);
    long s2 = a2 + b2 + c;
    c = carry(a2, b2, s2);
    long s3 = a3 + b3 + c;
    reduceOnce(s0, s1, s2, s3);
  }

  /** this = a - b mod r for a, b below r: r is added back when the subtraction borrows. */
  private void sub(long a0, long a1, long a2, long a3, long b0, long b1, long b2, long b3) {
    long d0 = a0 - b0;
    long br = borrow(a0, b0, d0);
    long d1 = a1 - b1 - br;
    br = borrow(a1, b1, d1);
    long d2 = a2 - b2 - br;
    br = borrow(a2, b2, d2);
    long d3 = a3 - b3 - br;
    br = borrow(a3, b3, d3);
    long mask = -br; // all ones when a < b
    long e0 = d0 + (Q0 & mask);
    long c = carry(d0, Q0 & mask, e0);
    long e1 = d1 + (Q1 & mask) + c;
    c = carry(d1, Q1 & mask, e1);
    long e2 = d2 + (Q2 & mask) + c;
    c = carry(d2, Q2 & mask, e2);
    long e3 = d3 + (Q3 & mask) + c;
    l0 = e0;
    l1 = e1;
    l2 = e2;
    l3 = e3;
  }

  /**
   * this = a * b * 2^-256 mod r (Montgomery multiplication, CIOS, no-carry variant) for a, b below
   * r. Each of the four rows adds a * b_i into the accumulator t and divides it by 2^64 after making
   * its low word zero with a multiple of r; t stays below 2r, so one conditional subtraction ends it.
   */
  private void mul(long a0, long a1, long a2, long a3, long b0, long b1, long b2, long b3) {
    // Row 0: t is zero, so t = a * b0 and the reduction.
    long lo = a0 * b0;
    long t0 = lo;
    long aHi = Math.unsignedMultiplyHigh(a0, b0);
    long m = t0 * Q_INV_NEG;
    long cHi = Math.unsignedMultiplyHigh(m, Q0) + nonZero(t0);

    lo = a1 * b0;
    long t1 = lo + aHi;
    aHi = Math.unsignedMultiplyHigh(a1, b0) + carry(lo, aHi, t1);
    lo = m * Q1;
    long s = lo + t1;
    long hi = Math.unsignedMultiplyHigh(m, Q1) + carry(lo, t1, s);
    t0 = s + cHi;
    cHi = hi + carry(s, cHi, t0);

    lo = a2 * b0;
    long t2 = lo + aHi;
    aHi = Math.unsignedMultiplyHigh(a2, b0) + carry(lo, aHi, t2);
    lo = m * Q2;
    s = lo + t2;
    hi = Math.unsignedMultiplyHigh(m, Q2) + carry(lo, t2, s);
    t1 = s + cHi;
    cHi = hi + carry(s, cHi, t1);

    lo = a3 * b0;
    long t3 = lo + aHi;
    aHi = Math.unsignedMultiplyHigh(a3, b0) + carry(lo, aHi, t3);
    lo = m * Q3;
    s = lo + t3;
    hi = Math.unsignedMultiplyHigh(m, Q3) + carry(lo, t3, s);
    t2 = s + cHi;
    cHi = hi + carry(s, cHi, t2);
    t3 = cHi + aHi;

    // Rows 1..3.
    l0 = t0;
    l1 = t1;
    l2 = t2;
    l3 = t3;
    mulRow(a0, a1, a2, a3, b1);
    mulRow(a0, a1, a2, a3, b2);
    mulRow(a0, a1, a2, a3, b3);
    reduceOnce(l0, l1, l2, l3);
  }

  /** One CIOS row on the accumulator held in this: t = (t + a * bi + m * r) / 2^64. */
  private void mulRow(long a0, long a1, long a2, long a3, long bi) {
    long t0 = l0;
    long t1 = l1;
    long t2 = l2;
    long t3 = l3;

    // j = 0: (aHi, u0) = t0 + a0 * bi; m makes u0 + m * q0 vanish mod 2^64.
    long lo = a0 * bi;
    long u0 = lo + t0;
    long aHi = Math.unsignedMultiplyHigh(a0, bi) + carry(lo, t0, u0);
    long m = u0 * Q_INV_NEG;
    long cHi = Math.unsignedMultiplyHigh(m, Q0) + nonZero(u0);

    // j = 1: (aHi, u1) = t1 + a1 * bi + aHi; (cHi, r0) = u1 + m * q1 + cHi.
    lo = a1 * bi;
    long s = lo + t1;
    long hi = Math.unsignedMultiplyHigh(a1, bi) + carry(lo, t1, s);
    long u1 = s + aHi;
    aHi = hi + carry(s, aHi, u1);
    lo = m * Q1;
    s = lo + u1;
    hi = Math.unsignedMultiplyHigh(m, Q1) + carry(lo, u1, s);
    long r0 = s + cHi;
    cHi = hi + carry(s, cHi, r0);

    // j = 2
    lo = a2 * bi;
    s = lo + t2;
    hi = Math.unsignedMultiplyHigh(a2, bi) + carry(lo, t2, s);
    long u2 = s + aHi;
    aHi = hi + carry(s, aHi, u2);
    lo = m * Q2;
    s = lo + u2;
    hi = Math.unsignedMultiplyHigh(m, Q2) + carry(lo, u2, s);
    long r1 = s + cHi;
    cHi = hi + carry(s, cHi, r1);

    // j = 3
    lo = a3 * bi;
    s = lo + t3;
    hi = Math.unsignedMultiplyHigh(a3, bi) + carry(lo, t3, s);
    long u3 = s + aHi;
    aHi = hi + carry(s, aHi, u3);
    lo = m * Q3;
    s = lo + u3;
    hi = Math.unsignedMultiplyHigh(m, Q3) + carry(lo, u3, s);
    long r2 = s + cHi;
    cHi = hi + carry(s, cHi, r2);

    l0 = r0;
    l1 = r1;
    l2 = r2;
    l3 = cHi + aHi;
  }

  /** this = s - r if s >= r, else s; for s below 2r. */
  private void reduceOnce(long s0, long s1, long s2, long s3) {
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

  /** The carry out of {@code sum = x + y (+ carry in)}, as 0 or 1. */
  private static long carry(long x, long y, long sum) {
    return ((x & y) | ((x | y) & ~sum)) >>> 63;
  }

  /** The borrow out of {@code diff = x - y (- borrow in)}, as 0 or 1. */
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

  private static long limb(BigInteger v, int i) {
    return v.shiftRight(64 * i).longValue();
  }
}
