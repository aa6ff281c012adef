package io.keystore.state.hash;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The 52-bit-limb arithmetic of the Poseidon2 permutation against BigInteger, over the input ranges
 * its bounds allow, checking the residue, the promised output bound and that results are normalized
 * (every limb below 2^52).
 */
class Mont52Test {

  private static final BigInteger R = FrMont.MODULUS;
  private static final BigInteger TWO_52 = BigInteger.ONE.shiftLeft(52);
  private static final BigInteger TWO_256 = BigInteger.ONE.shiftLeft(256);
  private static final BigInteger TWO_259 = BigInteger.ONE.shiftLeft(259);
  private static final BigInteger TWO_260 = BigInteger.ONE.shiftLeft(260);
  private static final BigInteger R_INV = TWO_260.modInverse(R); // 2^-260 mod r
  private static final BigInteger EIGHT_R = R.shiftLeft(3);

  /** What reduce promises: below 2^252 + r. */
  private static final BigInteger REDUCED_LIMIT = BigInteger.ONE.shiftLeft(252).add(R);

  private final Random random = new Random(52);

  private static Mont52 of(BigInteger v) {
    Mont52 x = new Mont52();
    long mask = (1L << 52) - 1;
    x.v0 = v.longValue() & mask;
    x.v1 = v.shiftRight(52).longValue() & mask;
    x.v2 = v.shiftRight(104).longValue() & mask;
    x.v3 = v.shiftRight(156).longValue() & mask;
    x.v4 = v.shiftRight(208).longValue();
    return x;
  }

  /** The value, after checking that the limbs are normalized. */
  private static BigInteger value(Mont52 x) {
    BigInteger v = BigInteger.ZERO;
    for (long limb : new long[] {x.v4, x.v3, x.v2, x.v1, x.v0}) {
      assertThat(limb).isNotNegative();
      assertThat(BigInteger.valueOf(limb)).isLessThan(TWO_52);
      v = v.shiftLeft(52).or(BigInteger.valueOf(limb));
    }
    return v;
  }

  /** Edge values and random values below {@code limit}. */
  private List<BigInteger> below(BigInteger limit, int count) {
    List<BigInteger> values = new ArrayList<>();
    values.add(BigInteger.ZERO);
    values.add(BigInteger.ONE);
    values.add(limit.subtract(BigInteger.ONE));
    for (BigInteger kr = R; kr.compareTo(limit) < 0 && values.size() < count / 2; kr = kr.add(R)) {
      values.add(kr);
      values.add(kr.subtract(BigInteger.ONE));
    }
    while (values.size() < count) {
      BigInteger v = new BigInteger(limit.bitLength(), random);
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
  void multiplicationIsMontgomeryAndStaysWithinItsBound() {
    List<BigInteger> values = below(TWO_259, 3000);
    for (BigInteger a : values) {
      BigInteger b = pick(values);
      Mont52 out = new Mont52();
      out.mul(of(a), of(b));
      BigInteger got = value(out);
      assertThat(got.mod(R)).as("%s * %s", a, b).isEqualTo(a.multiply(b).multiply(R_INV).mod(R));
      // got < a*b/2^260 + r
      assertThat(got.shiftLeft(260)).isLessThan(a.multiply(b).add(R.shiftLeft(260)));
    }
  }

  @Test
  void squaringIsMontgomeryAndStaysWithinItsBound() {
    for (BigInteger a : below(TWO_259, 3000)) {
      Mont52 out = new Mont52();
      out.square(of(a));
      BigInteger got = value(out);
      assertThat(got.mod(R)).as("%s^2", a).isEqualTo(a.multiply(a).multiply(R_INV).mod(R));
      assertThat(got.shiftLeft(260)).isLessThan(a.multiply(a).add(R.shiftLeft(260)));
    }
  }

  @Test
  void pow5IsTheFifthPowerInMontgomeryFormAndBelowOnePointOneR() {
    BigInteger limit = R.multiply(BigInteger.valueOf(11)).divide(BigInteger.TEN);
    for (BigInteger a : below(EIGHT_R, 3000)) {
      Mont52 out = new Mont52();
      out.pow5(of(a));
      // (a / R)^5 * R = a^5 / R^4
      BigInteger expected =
          a.modPow(BigInteger.valueOf(5), R)
              .multiply(R_INV.modPow(BigInteger.valueOf(4), R))
              .mod(R);
      BigInteger got = value(out);
      assertThat(got.mod(R)).isEqualTo(expected);
      assertThat(got).isLessThan(limit);
    }
  }

  @Test
  void reduceBringsEveryNormalizedValueBelow2To252PlusR() {
    List<BigInteger> values = below(TWO_260, 3000);
    for (int top = 0; top < 256; top++) { // every table entry, at both ends of its range
      BigInteger base = BigInteger.valueOf(top).shiftLeft(252);
      values.add(base);
      values.add(base.add(BigInteger.ONE.shiftLeft(252)).subtract(BigInteger.ONE));
    }
    for (BigInteger v : values) {
      Mont52 x = of(v);
      x.reduce();
      BigInteger got = value(x);
      assertThat(got.mod(R)).isEqualTo(v.mod(R));
      assertThat(got).as("reduce(%s)", v).isLessThan(REDUCED_LIMIT);
    }
  }

  @Test
  void linearLayerStepsMatchBigInteger() {
    // Inputs up to 11r keep every sum well below 2^260.
    List<BigInteger> values = below(R.multiply(BigInteger.valueOf(11)), 2000);
    long[] keys = new long[10];
    for (BigInteger a : values) {
      BigInteger b = pick(values);
      BigInteger k = pick(values).mod(R);
      Mont52 km = of(k);
      keys[5] = km.v0;
      keys[6] = km.v1;
      keys[7] = km.v2;
      keys[8] = km.v3;
      keys[9] = km.v4;

      Mont52 x = new Mont52();
      x.add(of(a), of(b));
      assertThat(value(x)).isEqualTo(a.add(b));

      x.addKey(of(a), keys, 5);
      assertThat(value(x)).isEqualTo(a.add(k));

      x.twicePlus(of(a), of(b));
      assertThat(value(x)).isEqualTo(a.shiftLeft(1).add(b));

      x.twicePlusKey(of(a), of(b), keys, 5);
      assertThat(value(x)).isEqualTo(a.shiftLeft(1).add(b).add(k));

      x.thricePlusReduced(of(a), of(b));
      BigInteger got = value(x);
      assertThat(got.mod(R)).isEqualTo(a.multiply(BigInteger.valueOf(3)).add(b).mod(R));
      assertThat(got).isLessThan(REDUCED_LIMIT);
    }
  }

  @Test
  void conversionsFromAndToFrRoundTrip() {
    for (BigInteger v : below(R, 2000)) {
      Fr fr = Fr.fromBigInteger(v);
      Mont52 x = new Mont52();
      x.set(fr);
      BigInteger got = value(x);
      assertThat(got.mod(R)).isEqualTo(v.shiftLeft(260).mod(R));
      assertThat(got).isLessThan(REDUCED_LIMIT);
      assertThat(x.toFr()).isEqualTo(fr);

      assertThat(valueOfLimbs(Mont52.limbsOf(fr))).isEqualTo(v.shiftLeft(260).mod(R));
    }
  }

  @Test
  void toFrFullyReducesEveryValueBelow2To256() {
    for (BigInteger v : below(TWO_256, 2000)) {
      Fr fr = of(v).toFr(); // v is x * 2^260 mod r
      assertThat(fr.toBigInteger()).isEqualTo(v.multiply(R_INV).mod(R));
    }
  }

  private static BigInteger valueOfLimbs(long[] limbs) {
    Mont52 x = new Mont52();
    x.v0 = limbs[0];
    x.v1 = limbs[1];
    x.v2 = limbs[2];
    x.v3 = limbs[3];
    x.v4 = limbs[4];
    return value(x);
  }
}
