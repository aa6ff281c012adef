package io.keystore.state.hash;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.Test;

/**
 * The optimised permutation against a plain BigInteger one written straight from
 * docs/spec/hashing.md with the vector file's round keys, on many more inputs than the vectors
 * hold. The optimised code keeps values only partly reduced; this is the check that its bounds
 * never let a value wrap.
 */
class Poseidon2ReferenceTest {

  private static final BigInteger R = Fr.MODULUS;
  private static final List<List<BigInteger>> KEYS =
      Poseidon2Vectors.load().params().roundKeys().stream()
          .map(round -> round.stream().map(Bytes32::toUnsignedBigInteger).toList())
          .toList();

  /** The permutation as the spec writes it. */
  private static BigInteger[] referencePermute(BigInteger a, BigInteger b) {
    BigInteger[] s = external(a, b);
    int round = 0;
    for (int i = 0; i < 3; i++, round++) {
      s = external(sbox(s[0].add(KEYS.get(round).get(0))), sbox(s[1].add(KEYS.get(round).get(1))));
    }
    for (int i = 0; i < 50; i++, round++) {
      s = internal(sbox(s[0].add(KEYS.get(round).get(0))), s[1]);
    }
    for (int i = 0; i < 3; i++, round++) {
      s = external(sbox(s[0].add(KEYS.get(round).get(0))), sbox(s[1].add(KEYS.get(round).get(1))));
    }
    return s;
  }

  private static BigInteger sbox(BigInteger x) {
    return x.modPow(BigInteger.valueOf(5), R);
  }

  private static BigInteger[] external(BigInteger a, BigInteger b) {
    BigInteger sum = a.add(b);
    return new BigInteger[] {a.add(sum).mod(R), b.add(sum).mod(R)};
  }

  private static BigInteger[] internal(BigInteger a, BigInteger b) {
    BigInteger sum = a.add(b);
    return new BigInteger[] {a.add(sum).mod(R), b.shiftLeft(1).add(sum).mod(R)};
  }

  private static List<BigInteger> inputs() {
    List<BigInteger> values = new ArrayList<>();
    BigInteger rMinusOne = R.subtract(BigInteger.ONE);
    values.add(BigInteger.ZERO);
    values.add(BigInteger.ONE);
    values.add(rMinusOne);
    values.add(rMinusOne.shiftRight(1));
    values.add(BigInteger.ONE.shiftLeft(253));
    Random random = new Random(2024);
    while (values.size() < 600) {
      BigInteger v = new BigInteger(254, random);
      if (v.compareTo(R) < 0) {
        values.add(v);
      }
    }
    return values;
  }

  @Test
  void permutationMatchesThePlainBigIntegerDefinition() {
    List<BigInteger> values = inputs();
    for (int i = 0; i < values.size(); i++) {
      BigInteger a = values.get(i);
      BigInteger b = values.get((i * 7 + 3) % values.size());
      BigInteger[] expected = referencePermute(a, b);
      Fr[] got = Poseidon2.permute(Fr.fromBigInteger(a), Fr.fromBigInteger(b));
      assertThat(got[0].toBigInteger()).as("permute(%s, %s)[0]", a, b).isEqualTo(expected[0]);
      assertThat(got[1].toBigInteger()).as("permute(%s, %s)[1]", a, b).isEqualTo(expected[1]);
      assertThat(Poseidon2.compress(Fr.fromBigInteger(a), Fr.fromBigInteger(b)).toBigInteger())
          .isEqualTo(expected[1].add(b).mod(R));
    }
  }

  @Test
  void chainedCompressionsMatchTheReference() {
    // Feeding outputs back in, as a tree does, over many steps.
    BigInteger left = BigInteger.ZERO;
    BigInteger right = R.subtract(BigInteger.ONE);
    Fr fl = Fr.fromBigInteger(left);
    Fr fr = Fr.fromBigInteger(right);
    for (int i = 0; i < 300; i++) {
      BigInteger out = referencePermute(left, right)[1].add(right).mod(R);
      Fr fout = Poseidon2.compress(fl, fr);
      assertThat(fout.toBigInteger()).as("step %d", i).isEqualTo(out);
      left = right;
      right = out;
      fl = fr;
      fr = fout;
    }
  }
}
