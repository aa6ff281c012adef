package io.keystore.state.hash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.Test;

class FrTest {

  private static final BigInteger R = Fr.MODULUS;
  private static final BigInteger R_MINUS_ONE = R.subtract(BigInteger.ONE);

  /** Edge values plus a few thousand uniformly random ones, all below r. */
  private static List<BigInteger> samples() {
    List<BigInteger> values = new ArrayList<>();
    values.add(BigInteger.ZERO);
    values.add(BigInteger.ONE);
    values.add(BigInteger.TWO);
    values.add(R_MINUS_ONE);
    values.add(R.subtract(BigInteger.TWO));
    values.add(R.shiftRight(1));
    for (int bit : new int[] {63, 64, 127, 128, 191, 192, 253}) {
      values.add(BigInteger.ONE.shiftLeft(bit));
      values.add(BigInteger.ONE.shiftLeft(bit).subtract(BigInteger.ONE));
    }
    Random random = new Random(20240601);
    while (values.size() < 3000) {
      BigInteger v = new BigInteger(254, random);
      if (v.compareTo(R) < 0) {
        values.add(v);
      }
    }
    return values;
  }

  @Test
  void modulusIsTheBn254ScalarField() {
    assertThat(R.toString(16))
        .isEqualTo("30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f0000001");
  }

  @Test
  void montgomeryRoundTripPreservesEveryValue() {
    for (BigInteger v : samples()) {
      assertThat(Fr.fromBigInteger(v).toBigInteger()).isEqualTo(v);
    }
  }

  @Test
  void bytesRoundTripIsBigEndianAndCanonical() {
    for (BigInteger v : samples()) {
      Bytes32 encoded = Fr.fromBigInteger(v).toBytes();
      assertThat(new BigInteger(1, encoded.toArrayUnsafe())).isEqualTo(v);
      assertThat(Fr.fromBytes(encoded)).isEqualTo(Fr.fromBigInteger(v));
    }
    assertThat(Fr.of(1).toBytes()).isEqualTo(Bytes32.fromHexString("0x01"));
  }

  @Test
  void rMinusOnePlusOneIsZero() {
    Fr minusOne = Fr.fromBigInteger(R_MINUS_ONE);
    assertThat(minusOne.add(Fr.ONE)).isEqualTo(Fr.ZERO);
    assertThat(minusOne.add(Fr.ONE).isZero()).isTrue();
    assertThat(Fr.ONE.neg()).isEqualTo(minusOne);
    assertThat(Fr.ZERO.sub(Fr.ONE)).isEqualTo(minusOne);
    assertThat(minusOne.mul(minusOne)).isEqualTo(Fr.ONE);
    assertThat(Fr.ZERO.neg()).isEqualTo(Fr.ZERO);
  }

  @Test
  void montgomeryMultiplicationMatchesBigIntegerOnRandomValues() {
    List<BigInteger> values = samples();
    Random random = new Random(7);
    for (BigInteger a : values) {
      BigInteger b = values.get(random.nextInt(values.size()));
      assertThat(Fr.fromBigInteger(a).mul(Fr.fromBigInteger(b)).toBigInteger())
          .as("%s * %s", a, b)
          .isEqualTo(a.multiply(b).mod(R));
      assertThat(Fr.fromBigInteger(a).square().toBigInteger()).isEqualTo(a.multiply(a).mod(R));
      assertThat(Fr.fromBigInteger(a).pow5().toBigInteger())
          .isEqualTo(a.modPow(BigInteger.valueOf(5), R));
    }
  }

  @Test
  void additionAndSubtractionMatchBigInteger() {
    List<BigInteger> values = samples();
    Random random = new Random(11);
    for (BigInteger a : values) {
      BigInteger b = values.get(random.nextInt(values.size()));
      Fr fa = Fr.fromBigInteger(a);
      Fr fb = Fr.fromBigInteger(b);
      assertThat(fa.add(fb).toBigInteger()).isEqualTo(a.add(b).mod(R));
      assertThat(fa.sub(fb).toBigInteger()).isEqualTo(a.subtract(b).mod(R));
      assertThat(fa.neg().toBigInteger()).isEqualTo(a.negate().mod(R));
    }
  }

  @Test
  void inverseTimesValueIsOne() {
    for (BigInteger v : samples().subList(1, 200)) {
      Fr x = Fr.fromBigInteger(v);
      assertThat(x.mul(x.inverse())).isEqualTo(Fr.ONE);
    }
    assertThatThrownBy(Fr.ZERO::inverse).isInstanceOf(ArithmeticException.class);
  }

  @Test
  void fromBytesRejectsTheModulusItself() {
    Bytes32 r = Bytes32.leftPad(org.apache.tuweni.bytes.Bytes.wrap(R.toByteArray()));
    assertThatThrownBy(() -> Fr.fromBytes(r))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a canonical BN254 scalar field element");
  }

  @Test
  void fromBytesRejectsAllOnes() {
    Bytes32 max = Bytes32.repeat((byte) 0xff);
    assertThatThrownBy(() -> Fr.fromBytes(max))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a canonical")
        .hasMessageContaining(max.toHexString());
  }

  @Test
  void fromBytesAcceptsRMinusOne() {
    Bytes32 rMinusOne =
        Bytes32.fromHexString("0x30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f0000000");
    assertThat(Fr.fromBytes(rMinusOne).toBigInteger()).isEqualTo(R_MINUS_ONE);
  }

  @Test
  void fromBigIntegerRejectsOutOfRangeValues() {
    assertThatThrownBy(() -> Fr.fromBigInteger(R)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Fr.fromBigInteger(BigInteger.ONE.negate()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Fr.of(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThat(Fr.fromBigIntegerReduced(R.add(BigInteger.TWO))).isEqualTo(Fr.of(2));
    assertThat(Fr.fromBigIntegerReduced(BigInteger.ONE.negate())).isEqualTo(Fr.ONE.neg());
  }

  @Test
  void equalityAndOrderFollowTheValue() {
    assertThat(Fr.of(5)).isEqualTo(Fr.fromBigInteger(BigInteger.valueOf(5)));
    assertThat(Fr.of(5)).hasSameHashCodeAs(Fr.of(2).add(Fr.of(3)));
    assertThat(Fr.of(5)).isNotEqualTo(Fr.of(6));
    assertThat(Fr.of(5)).isLessThan(Fr.of(6));
    assertThat(Fr.fromBigInteger(R_MINUS_ONE)).isGreaterThan(Fr.of(Long.MAX_VALUE));
    assertThat(Fr.of(255).toString())
        .isEqualTo("0x00000000000000000000000000000000000000000000000000000000000000ff");
  }
}
