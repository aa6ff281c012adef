package io.keystore.state.hash;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The lazily reduced limb arithmetic against BigInteger, over the whole input ranges its bounds
 * allow (not just canonical values), checking both the residue and the promised output bound.
 */
class FrMontTest {

  private static final BigInteger R = FrMont.MODULUS;
  private static final BigInteger TWO_256 = BigInteger.ONE.shiftLeft(256);
  private static final BigInteger R_INV = TWO_256.modInverse(R); // 2^-256 mod r

  /** The bound mul needs on its first operand: a + r < 2^256 - 2^192. */
  private static final BigInteger MUL_A_LIMIT =
      TWO_256.subtract(BigInteger.ONE.shiftLeft(192)).subtract(R);

  /** What reduce promises: below 2^250 + r. */
  private static final BigInteger REDUCED_LIMIT = BigInteger.ONE.shiftLeft(250).add(R);

  private final Random random = new Random(42);

  private static FrMont of(BigInteger v) {
    FrMont x = new FrMont();
    x.setLimbs(
        v.longValue(),
        v.shiftRight(64).longValue(),
        v.shiftRight(128).longValue(),
        v.shiftRight(192).longValue());
    return x;
  }

  private static BigInteger value(FrMont x) {
    BigInteger v = BigInteger.ZERO;
    for (long limb : new long[] {x.l3, x.l2, x.l1, x.l0}) {
      v = v.shiftLeft(64).or(new BigInteger(Long.toUnsignedString(limb)));
    }
    return v;
  }

  /** Edge values and random values below {@code limit}. */
  private List<BigInteger> below(BigInteger limit, int count) {
    List<BigInteger> values = new ArrayList<>();
    values.add(BigInteger.ZERO);
    values.add(BigInteger.ONE);
    values.add(limit.subtract(BigInteger.ONE));
    for (BigInteger kr = R; kr.compareTo(limit) < 0; kr = kr.add(R)) { // multiples of r
      values.add(kr);
      values.add(kr.subtract(BigInteger.ONE));
    }
    while (values.size() < count) {
      BigInteger v = new BigInteger(256, random);
      if (v.compareTo(limit) < 0) {
        values.add(v);
      }
    }
    return values;
  }

  private BigInteger pick(List<BigInteger> values) {
    return values.get(random.nextInt(values.size()));
  }

  @Test
  void multiplicationIsMontgomeryAndStaysWithinItsBoundOverTheWholeInputRange() {
    List<BigInteger> as = below(MUL_A_LIMIT, 3000);
    List<BigInteger> bs = below(TWO_256, 3000);
    for (BigInteger a : as) {
      BigInteger b = pick(bs);
      FrMont out = new FrMont();
      out.mul(of(a), of(b));
      BigInteger got = value(out);
      assertThat(got.mod(R)).as("%s * %s", a, b).isEqualTo(a.multiply(b).multiply(R_INV).mod(R));
      // got < a*b/2^256 + r
      assertThat(got.shiftLeft(256)).isLessThan(a.multiply(b).add(R.shiftLeft(256)));
    }
  }

  @Test
  void pow5IsTheFifthPowerInMontgomeryForm() {
    for (BigInteger a : below(R.multiply(BigInteger.TWO), 1000)) {
      FrMont out = new FrMont();
      out.pow5(of(a));
      // (a / R)^5 * R = a^5 / R^4
      BigInteger expected =
          a.modPow(BigInteger.valueOf(5), R)
              .multiply(R_INV.modPow(BigInteger.valueOf(4), R))
              .mod(R);
      assertThat(value(out).mod(R)).isEqualTo(expected);
    }
  }

  @Test
  void reduceBringsEvery256BitValueBelow2To250PlusR() {
    List<BigInteger> values = below(TWO_256, 3000);
    for (int top = 0; top < 64; top++) { // every table entry, at both ends of its range
      BigInteger base = BigInteger.valueOf(top).shiftLeft(250);
      values.add(base);
      values.add(base.add(BigInteger.ONE.shiftLeft(250)).subtract(BigInteger.ONE));
    }
    for (BigInteger v : values) {
      FrMont x = of(v);
      x.reduce();
      assertThat(value(x).mod(R)).isEqualTo(v.mod(R));
      assertThat(value(x)).as("reduce(%s)", v).isLessThan(REDUCED_LIMIT);
    }
  }

  @Test
  void additionMatchesBigIntegerAndReduces() {
    BigInteger half = TWO_256.shiftRight(1);
    List<BigInteger> small = below(half, 2000); // a + b fits
    for (BigInteger a : small) {
      BigInteger b = pick(small);
      FrMont sum = new FrMont();
      sum.add(of(a), of(b));
      assertThat(value(sum).mod(R)).isEqualTo(a.add(b).mod(R));
      assertThat(value(sum)).isLessThan(REDUCED_LIMIT);
    }
  }

  @Test
  void subtractionOfValuesBelowTwoRIsBelowTwoR() {
    List<BigInteger> values = below(R.shiftLeft(1), 2000);
    for (BigInteger a : values) {
      BigInteger b = pick(values);
      FrMont d = new FrMont();
      d.sub(of(a), of(b));
      assertThat(value(d).mod(R)).isEqualTo(a.subtract(b).mod(R));
      assertThat(value(d)).isLessThan(R.shiftLeft(1));
    }
  }

  @Test
  void toFrAndToCanonicalFullyReduceEvery256BitValue() {
    for (BigInteger v : below(TWO_256, 2000)) {
      Fr fr = of(v).toFr();
      FrMont back = new FrMont(fr);
      assertThat(value(back)).isEqualTo(v.mod(R));

      FrMont canonical = of(v);
      canonical.toCanonical();
      assertThat(value(canonical)).isEqualTo(v.multiply(R_INV).mod(R));
    }
  }
}
