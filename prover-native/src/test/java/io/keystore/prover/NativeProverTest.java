package io.keystore.prover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keystore.state.hash.Poseidon2;
import io.keystore.state.hash.Poseidon2Vectors;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.Test;

class NativeProverTest {

  private static final Bytes32 MODULUS =
      Bytes32.fromHexString("0x30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f0000001");

  private final NativeProver prover = NativeProver.load();
  private final Poseidon2Vectors vectors = Poseidon2Vectors.load();

  @Test
  void loadsTheLibraryFromTheClasspathWithNoManualStep() {
    assertThat(NativeProver.load()).isSameAs(prover);
  }

  @Test
  void nativeCompressMatchesEveryVectorAndTheJavaPoseidon2() {
    List<Poseidon2Vectors.Compress> all = vectors.compress();
    List<Bytes32> outputs =
        prover.poseidon2CompressAll(
            all.stream().map(Poseidon2Vectors.Compress::left).toList(),
            all.stream().map(Poseidon2Vectors.Compress::right).toList());

    for (int i = 0; i < all.size(); i++) {
      Poseidon2Vectors.Compress v = all.get(i);
      assertThat(outputs.get(i)).as("vector %d", i).isEqualTo(v.out());
      assertThat(Poseidon2.compress(v.left(), v.right()))
          .as("java, vector %d", i)
          .isEqualTo(outputs.get(i));
    }
  }

  @Test
  void singleCompressMatchesTheBatchEntryPoint() {
    Poseidon2Vectors.Compress v = vectors.compress().get(42);
    assertThat(prover.poseidon2Compress(v.left(), v.right())).isEqualTo(v.out());
  }

  @Test
  void rejectsANonCanonicalFieldElementWithAClearError() {
    assertThatThrownBy(() -> prover.poseidon2Compress(MODULUS, Bytes32.ZERO))
        .isInstanceOf(NativeProverException.class)
        .hasMessageContaining("pair 0, left")
        .hasMessageContaining("non-canonical")
        .extracting(e -> ((NativeProverException) e).status())
        .isEqualTo(NativeStatus.INVALID_INPUT);
  }

  @Test
  void rejectsMismatchedInputsBeforeCallingNativeCode() {
    assertThatThrownBy(() -> prover.poseidon2CompressAll(List.of(Bytes32.ZERO), List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aGoPanicComesBackAsAnExceptionAndTheLibraryKeepsWorking() {
    assertThatThrownBy(prover::debugPanic)
        .isInstanceOf(NativeProverException.class)
        .hasMessageContaining("panic in native prover")
        .hasMessageContaining("nil map");

    Poseidon2Vectors.Compress v = vectors.compress().getFirst();
    assertThat(prover.poseidon2Compress(v.left(), v.right())).isEqualTo(v.out());
  }

  @Test
  void errorPathsCanBeCalledManyTimes() {
    IntStream.range(0, 1_000)
        .forEach(
            i ->
                assertThatThrownBy(() -> prover.poseidon2Compress(Bytes32.ZERO, MODULUS))
                    .isInstanceOf(NativeProverException.class));
  }
}
