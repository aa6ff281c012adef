package io.keystore.state.hash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keystore.state.hash.Poseidon2Vectors.Compress;
import io.keystore.state.hash.Poseidon2Vectors.Params;
import io.keystore.state.hash.Poseidon2Vectors.Permutation;
import java.math.BigInteger;
import java.util.List;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.Test;

class Poseidon2Test {

  private static final Poseidon2Vectors VECTORS = Poseidon2Vectors.load();

  private static final Bytes32 R =
      Bytes32.fromHexString("0x30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f0000001");
  private static final Bytes32 ALL_ONES = Bytes32.repeat((byte) 0xff);

  @Test
  void parametersMatchTheVectorFile() {
    Params p = VECTORS.params();
    assertThat(VECTORS.gnarkCryptoVersion()).isEqualTo("v0.21.0");
    assertThat(p.width()).isEqualTo(Poseidon2.WIDTH);
    assertThat(p.fullRounds()).isEqualTo(Poseidon2.FULL_ROUNDS);
    assertThat(p.partialRounds()).isEqualTo(Poseidon2.PARTIAL_ROUNDS);
    assertThat(p.sboxDegree()).isEqualTo(Poseidon2.SBOX_DEGREE);
    assertThat(p.seed()).isEqualTo(Poseidon2.SEED).isEqualTo("Poseidon2-BN254[t=2,rF=6,rP=50,d=5]");
    assertThat(p.modulus().toUnsignedBigInteger()).isEqualTo(Fr.MODULUS);
  }

  @Test
  void derivedRoundKeysEqualTheVectorFile() {
    List<List<Bytes32>> expected = VECTORS.params().roundKeys();
    List<List<Bytes32>> derived =
        Poseidon2.deriveRoundKeys(Poseidon2.SEED, 2, 6, 50).stream()
            .map(round -> round.stream().map(Fr::toBytes).toList())
            .toList();
    assertThat(derived).hasSize(56).isEqualTo(expected);
    assertThat(Poseidon2.roundKeys())
        .isEqualTo(Poseidon2.deriveRoundKeys(Poseidon2.SEED, 2, 6, 50));
  }

  @Test
  void roundKeysAreTwoPerFullRoundAndOnePerPartialRound() {
    List<List<Fr>> keys = Poseidon2.roundKeys();
    for (int round = 0; round < keys.size(); round++) {
      int expected = round < 3 || round >= 53 ? 2 : 1;
      assertThat(keys.get(round)).as("round %d", round).hasSize(expected);
    }
  }

  @Test
  void sboxChainRaisesToTheFifthPowerOncePerStep() {
    Fr x = Fr.fromBigIntegerReduced(BigInteger.ONE.shiftLeft(255).subtract(BigInteger.TWO));
    assertThat(Poseidon2.sboxChain(x, 0)).isEqualTo(x);
    assertThat(Poseidon2.sboxChain(x, 1)).isEqualTo(x.pow5());
    assertThat(Poseidon2.sboxChain(x, 3)).isEqualTo(x.pow5().pow5().pow5());
  }

  @Test
  void compressMatchesEveryGnarkCryptoVector() {
    assertThat(VECTORS.compress()).hasSizeGreaterThan(100);
    for (Compress v : VECTORS.compress()) {
      assertThat(Poseidon2.compress(v.left(), v.right())).as("%s", v).isEqualTo(v.out());
      assertThat(Poseidon2.compress(Fr.fromBytes(v.left()), Fr.fromBytes(v.right())))
          .isEqualTo(Fr.fromBytes(v.out()));
    }
  }

  @Test
  void permutationMatchesEveryGnarkCryptoVector() {
    assertThat(VECTORS.permutation()).isNotEmpty();
    for (Permutation v : VECTORS.permutation()) {
      Fr[] out = Poseidon2.permute(Fr.fromBytes(v.in().get(0)), Fr.fromBytes(v.in().get(1)));
      assertThat(List.of(out[0].toBytes(), out[1].toBytes())).as("%s", v).isEqualTo(v.out());
    }
  }

  @Test
  void compressIsTheSecondLaneOfThePermutationPlusRight() {
    Fr left = Fr.of(12345);
    Fr right = Fr.of(67890);
    assertThat(Poseidon2.compress(left, right))
        .isEqualTo(Poseidon2.permute(left, right)[1].add(right));
  }

  @Test
  void compressRejectsNonCanonicalInputs() {
    for (Bytes32 bad : List.of(R, ALL_ONES)) {
      assertThatThrownBy(() -> Poseidon2.compress(bad, Bytes32.ZERO))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("not a canonical");
      assertThatThrownBy(() -> Poseidon2.compress(Bytes32.ZERO, bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("not a canonical");
    }
  }

  @Test
  void compressGivesTheSameResultsFromManyThreads() {
    List<Compress> vectors = VECTORS.compress();
    List<Boolean> ok =
        vectors.parallelStream()
            .map(v -> Poseidon2.compress(v.left(), v.right()).equals(v.out()))
            .toList();
    assertThat(ok).containsOnly(true);
  }
}
