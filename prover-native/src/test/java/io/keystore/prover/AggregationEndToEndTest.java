package io.keystore.prover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keystore.devtools.Anvil;
import io.keystore.prover.AggregationWitness.InnerProof;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.bouncycastle.jcajce.provider.digest.Keccak;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An aggregation end to end (docs/spec/aggregation.md): two test-poseidon2 proofs made for {@link
 * ProofTarget#AGGREGATION} are aggregated by {@code aggregate-2} into one proof for L1, which
 * verifies in Java and on anvil with the verifier gnark exported, and whose public input is
 * keccak256(keyHash ‖ input1 ‖ keyHash ‖ input2) with the top three bits cleared (§3).
 *
 * <p>Uses the default key cache (~/.cache/keystore-rollup), like {@link BatchProofEndToEndTest}:
 * the first run on a machine pays the development setup of {@code aggregate-2} (about 16 minutes on
 * 2 cores). Its one aggregate-2 proof takes about a minute and several GB.
 */
class AggregationEndToEndTest {

  private static final Logger LOG = LoggerFactory.getLogger(AggregationEndToEndTest.class);
  private static final String AGGREGATE = "aggregate-2";

  private static final NativeProver prover = NativeProver.load();
  private static final List<ProofMemory> memory = new CopyOnWriteArrayList<>();
  private static final ProgressListener listener =
      new ProgressListener() {
        @Override
        public void onPhase(String circuit, String phase, Duration elapsed) {}

        @Override
        public void onMemory(String circuit, ProofMemory used) {
          if (circuit.equals(AGGREGATE)) {
            memory.add(used);
          }
        }
      };

  private static ProvingCircuit inner;
  private static ProvingCircuit aggregate;
  private static TestPoseidon2Witness first;
  private static TestPoseidon2Witness second;
  private static Proof firstProof;
  private static Proof secondProof;
  private static Proof aggregated;
  private static long proveMillis;

  @BeforeAll
  static void aggregateTwoProofs() {
    prover.addProgressListener(listener);
    // the inner circuit first: aggregate-2 takes its key from the circuits loaded in the process
    inner = prover.loadCircuit(TestPoseidon2Witness.CIRCUIT);
    aggregate = prover.loadCircuit(AGGREGATE);
    first = TestPoseidon2Witness.of(1_000_001, 2_000_002);
    second = TestPoseidon2Witness.of(3_000_003, 4_000_004);
    firstProof = inner.prove(first.bytes(), ProofTarget.AGGREGATION);
    secondProof = inner.prove(second.bytes(), ProofTarget.AGGREGATION);

    long start = System.nanoTime();
    aggregated =
        aggregate.prove(
            AggregationWitness.encode(
                List.of(
                    new InnerProof(TestPoseidon2Witness.CIRCUIT, firstProof),
                    new InnerProof(TestPoseidon2Witness.CIRCUIT, secondProof))),
            ProofTarget.L1);
    proveMillis = (System.nanoTime() - start) / 1_000_000;
    LOG.info(
        "{}: {} constraints, proved in {} ms, {}",
        AGGREGATE,
        aggregate.constraintCount(),
        proveMillis,
        memory);
  }

  @AfterAll
  static void closeThem() {
    prover.removeProgressListener(listener);
    try {
      if (aggregate != null) {
        aggregate.close();
      }
    } finally {
      if (inner != null) {
        inner.close();
      }
    }
  }

  @Test
  void theAggregateProofVerifiesForL1AndItsInputHashesBothKeyHashesAndInputs() {
    assertThat(aggregate.verify(aggregated, ProofTarget.L1)).isTrue();
    assertThat(aggregate.verify(aggregated, ProofTarget.AGGREGATION)).isFalse();

    Bytes32 keyHash = inner.keyHash();
    assertThat(firstProof.publicInputs()).containsExactly(first.h());
    assertThat(secondProof.publicInputs()).containsExactly(second.h());
    byte[] digest =
        new Keccak.Digest256()
            .digest(Bytes.concatenate(keyHash, first.h(), keyHash, second.h()).toArrayUnsafe());
    digest[0] &= 0x1f; // the top three bits cleared: a field element
    assertThat(aggregated.publicInputs()).containsExactly(Bytes32.wrap(digest));

    byte[] other = aggregated.publicInputs().getFirst().toArray();
    other[31] ^= 1;
    assertThat(aggregate.verify(new Proof(aggregated.calldata(), List.of(Bytes32.wrap(other)))))
        .isFalse();
  }

  @Test
  void theAggregationCircuitHasItsOwnKeyHashAndReportsTheMemoryOfItsProof() {
    assertThat(aggregate.keyHash()).isNotEqualTo(inner.keyHash());
    assertThat(aggregate.publicInputCount()).isEqualTo(1);
    assertThat(aggregate.proofSize()).isEqualTo(384);
    assertThat(memory).hasSize(1);
    ProofMemory used = memory.getFirst();
    assertThat(used.goHeapPeakBytes()).as("Go heap, at least a GB").isGreaterThan(1L << 30);
    // HeapInuse counts spans, not resident pages: it may exceed the peak RSS a little
    assertThat(used.processPeakRssBytes()).as("peak RSS, at least a GB").isGreaterThan(1L << 30);
  }

  @Test
  void anInnerProofMadeForL1IsRefusedWithAClearInvalidInput() {
    Proof forL1 = inner.prove(first.bytes(), ProofTarget.L1);
    byte[] witness =
        AggregationWitness.encode(
            List.of(
                new InnerProof(TestPoseidon2Witness.CIRCUIT, firstProof),
                new InnerProof(TestPoseidon2Witness.CIRCUIT, forL1)));

    // refused before the circuit is solved: the inner proofs are verified natively first
    assertThatThrownBy(() -> aggregate.prove(witness, ProofTarget.L1))
        .isInstanceOf(NativeProverException.class)
        .hasMessageContaining("inner proof 1 (test-poseidon2)")
        .extracting(e -> ((NativeProverException) e).status())
        .isEqualTo(NativeStatus.INVALID_INPUT);
  }

  @Test
  void moreProofsThanTheFanInOrAnUnloadedCircuitAreInvalidInputs() {
    InnerProof one = new InnerProof(TestPoseidon2Witness.CIRCUIT, firstProof);
    assertThatThrownBy(
            () ->
                aggregate.prove(AggregationWitness.encode(List.of(one, one, one)), ProofTarget.L1))
        .isInstanceOf(NativeProverException.class)
        .hasMessageContaining("3 inner proofs for an aggregation of fan-in 2")
        .extracting(e -> ((NativeProverException) e).status())
        .isEqualTo(NativeStatus.INVALID_INPUT);
    assertThatThrownBy(
            () ->
                aggregate.prove(
                    AggregationWitness.encode(List.of(new InnerProof("batch-16", firstProof))),
                    ProofTarget.L1))
        .isInstanceOf(NativeProverException.class)
        .hasMessageContaining("not loaded")
        .extracting(e -> ((NativeProverException) e).status())
        .isEqualTo(NativeStatus.INVALID_INPUT);
  }

  @Test
  void theExportedVerifierAcceptsTheAggregateProofOnAnvil() throws Exception {
    String source = aggregate.exportSolidityVerifier("Aggregate2Verifier");
    assertThat(source).contains("KEY_HASH = " + aggregate.keyHash().toHexString() + ";");
    try (Anvil anvil = Anvil.start()) {
      OnChainVerifier verifier = OnChainVerifier.deploy(aggregate, "Aggregate2Verifier", anvil);
      assertThat(verifier.accepts(aggregated)).isTrue();
      assertThat(
              verifier.rejects(
                  aggregated.calldata(), OnChainVerifier.withInputByteChanged(aggregated, 31)))
          .isTrue();
      LOG.info(
          "verifyProof of {} costs {} gas (transaction total)",
          AGGREGATE,
          verifier.transactionGas(aggregated));
    }
  }
}
