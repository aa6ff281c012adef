package io.keystore.prover;

import io.keystore.state.hash.Poseidon2;
import java.math.BigInteger;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;

/**
 * Witnesses of the {@code test-poseidon2} circuit (keystore-circuits/prover/testcircuit): a || b ||
 * h, with a, b below 2^128 and h = Poseidon2 compress(a, b), the public input.
 */
record TestPoseidon2Witness(Bytes32 a, Bytes32 b, Bytes32 h) {

  static final String CIRCUIT = "test-poseidon2";

  static TestPoseidon2Witness of(long a, long b) {
    return of(BigInteger.valueOf(a), BigInteger.valueOf(b));
  }

  static TestPoseidon2Witness of(BigInteger a, BigInteger b) {
    Bytes32 left = field(a);
    Bytes32 right = field(b);
    return new TestPoseidon2Witness(left, right, Poseidon2.compress(left, right));
  }

  private static Bytes32 field(BigInteger value) {
    return Bytes32.leftPad(Bytes.wrap(value.toByteArray()).trimLeadingZeros());
  }

  byte[] bytes() {
    return Bytes.concatenate(a, b, h).toArray();
  }
}
