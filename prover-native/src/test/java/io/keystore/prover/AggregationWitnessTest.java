package io.keystore.prover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keystore.prover.AggregationWitness.InnerProof;
import java.util.Collections;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.Test;

/** The witness bytes of docs/spec/aggregation.md §5, and what the encoding refuses. */
class AggregationWitnessTest {

  private static final Bytes CALLDATA = pattern(384, 0x00);
  private static final Bytes CALLDATA_2 = pattern(384, 0x80);
  private static final Bytes32 INPUT =
      Bytes32.fromHexString("0x0102030405060708091011121314151617181920212223242526272829303132");
  private static final Bytes32 INPUT_2 =
      Bytes32.fromHexString("0x2a00000000000000000000000000000000000000000000000000000000000001");

  @Test
  void encodesTheCountThenNameLengthNameProofAndInputOfEachProof() {
    byte[] witness =
        AggregationWitness.encode(
            List.of(
                new InnerProof("test-poseidon2", new Proof(CALLDATA, List.of(INPUT))),
                new InnerProof("batch-1", new Proof(CALLDATA_2, List.of(INPUT_2)))));

    Bytes golden =
        Bytes.concatenate(
            Bytes.fromHexString("0x02"), // two proofs
            Bytes.fromHexString("0x0e"), // 14 bytes
            Bytes.fromHexString("0x746573742d706f736569646f6e32"), // "test-poseidon2"
            CALLDATA,
            Bytes.fromHexString(
                "0x0102030405060708091011121314151617181920212223242526272829303132"),
            Bytes.fromHexString("0x07"), // 7 bytes
            Bytes.fromHexString("0x62617463682d31"), // "batch-1"
            CALLDATA_2,
            Bytes.fromHexString(
                "0x2a00000000000000000000000000000000000000000000000000000000000001"));
    assertThat(Bytes.wrap(witness)).isEqualTo(golden);
    assertThat(witness).hasSize(1 + 2 * (1 + 32 + 384) + 14 + 7);
  }

  @Test
  void aSingleProofAndANameOf64BytesAreAccepted() {
    String longest = "a".repeat(64);
    byte[] witness =
        AggregationWitness.encode(
            List.of(new InnerProof(longest, new Proof(CALLDATA, List.of(INPUT)))));

    assertThat(witness[0]).isEqualTo((byte) 1);
    assertThat(witness[1]).isEqualTo((byte) 64);
    assertThat(witness).hasSize(1 + 1 + 64 + 384 + 32);
  }

  @Test
  void refusesNoProofsAndMoreThan255() {
    InnerProof one = new InnerProof("batch-1", new Proof(CALLDATA, List.of(INPUT)));

    assertThatThrownBy(() -> AggregationWitness.encode(List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1 to 255 inner proofs, got 0");
    assertThatThrownBy(() -> AggregationWitness.encode(Collections.nCopies(256, one)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1 to 255 inner proofs, got 256");
    assertThat(AggregationWitness.encode(Collections.nCopies(255, one)))
        .hasSize(1 + 255 * (1 + 7 + 384 + 32));
  }

  @Test
  void refusesEmptyLongAndNonAsciiNames() {
    Proof proof = new Proof(CALLDATA, List.of(INPUT));
    InnerProof good = new InnerProof("batch-1", proof);

    assertThatThrownBy(() -> AggregationWitness.encode(List.of(good, new InnerProof("", proof))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("inner proof 1: circuit name of 0 bytes, must be 1 to 64");
    assertThatThrownBy(
            () -> AggregationWitness.encode(List.of(new InnerProof("b".repeat(65), proof))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("inner proof 0: circuit name of 65 bytes, must be 1 to 64");
    assertThatThrownBy(() -> AggregationWitness.encode(List.of(new InnerProof("bätch-1", proof))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not ASCII");
  }

  @Test
  void refusesAProofWithOtherThanOnePublicInput() {
    assertThatThrownBy(
            () ->
                AggregationWitness.encode(
                    List.of(new InnerProof("batch-1", new Proof(CALLDATA, List.of())))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(
            "inner proof 0 (batch-1): 0 public inputs, an inner proof has exactly one");
    assertThatThrownBy(
            () ->
                AggregationWitness.encode(
                    List.of(
                        new InnerProof("batch-4", new Proof(CALLDATA, List.of(INPUT, INPUT_2))))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2 public inputs");
  }

  private static Bytes pattern(int size, int from) {
    byte[] out = new byte[size];
    for (int i = 0; i < size; i++) {
      out[i] = (byte) (from + i);
    }
    return Bytes.wrap(out);
  }
}
