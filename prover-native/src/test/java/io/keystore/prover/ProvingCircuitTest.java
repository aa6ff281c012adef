package io.keystore.prover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.keystore.devtools.ProjectRoot;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Proving the test circuit through JNA: proofs, their checks, bad input, handles and memory. */
class ProvingCircuitTest {

  private static final Bytes32 MODULUS =
      Bytes32.fromHexString("0x30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f0000001");

  @TempDir static Path cache;

  private static final NativeProver prover = NativeProver.load();
  private static ProvingCircuit circuit;

  @BeforeAll
  static void loadTheTestCircuit() {
    circuit = prover.loadCircuit(TestPoseidon2Witness.CIRCUIT, cache);
  }

  @AfterAll
  static void closeIt() {
    circuit.close();
  }

  @Test
  void provesAWitnessIntoAProofThatVerifies() {
    TestPoseidon2Witness witness = TestPoseidon2Witness.of(123_456_789, 987_654_321);

    Proof proof = circuit.prove(witness.bytes());

    assertThat(proof.publicInputs()).containsExactly(witness.h());
    assertThat(proof.calldata().size()).isEqualTo(circuit.proofSize()).isEqualTo(384);
    assertThat(proof.commitments()).hasSize(1).allSatisfy(c -> assertThat(c.size()).isEqualTo(64));
    assertThat(proof.commitmentPok()).get().extracting(Bytes::size).isEqualTo(64);
    assertThat(circuit.verify(proof)).isTrue();
  }

  @Test
  void aProofForEachTargetVerifiesForItsTargetOnly() {
    TestPoseidon2Witness witness = TestPoseidon2Witness.of(11, 12);

    Proof forAggregation = circuit.prove(witness.bytes(), ProofTarget.AGGREGATION);
    Proof forL1 = circuit.prove(witness.bytes(), ProofTarget.L1);

    assertThat(forAggregation.publicInputs()).containsExactly(witness.h());
    assertThat(forAggregation.calldata().size()).isEqualTo(circuit.proofSize());
    assertThat(circuit.verify(forAggregation, ProofTarget.AGGREGATION)).isTrue();
    assertThat(circuit.verify(forAggregation, ProofTarget.L1)).isFalse();
    assertThat(circuit.verify(forAggregation)).as("verify(proof) is for L1").isFalse();
    assertThat(circuit.verify(forL1, ProofTarget.L1)).isTrue();
    assertThat(circuit.verify(forL1)).isTrue();
    assertThat(circuit.verify(forL1, ProofTarget.AGGREGATION)).isFalse();
    byte[] changed = forAggregation.publicInputs().getFirst().toArray();
    changed[31] ^= 1;
    assertThat(
            circuit.verify(
                new Proof(forAggregation.calldata(), List.of(Bytes32.wrap(changed))),
                ProofTarget.AGGREGATION))
        .as("another input")
        .isFalse();
  }

  @Test
  void theKeyHashIsTheKeyHashConstantOfTheExportedVerifier() {
    Bytes32 keyHash = circuit.keyHash();

    Matcher constant =
        Pattern.compile("bytes32 public constant KEY_HASH = (0x[0-9a-f]{64});")
            .matcher(circuit.exportSolidityVerifier("TestPoseidon2Verifier"));
    assertThat(constant.find()).as("KEY_HASH in the exported verifier").isTrue();
    assertThat(keyHash).isEqualTo(Bytes32.fromHexString(constant.group(1)));
    assertThat(keyHash).isNotEqualTo(Bytes32.ZERO);
    assertThat(new BigInteger(1, keyHash.toArrayUnsafe()))
        .as("a field element")
        .isLessThan(new BigInteger(1, MODULUS.toArrayUnsafe()));
    try (ProvingCircuit again = prover.loadCircuit(TestPoseidon2Witness.CIRCUIT, cache)) {
      assertThat(again.keyHash()).as("another handle on the same keys").isEqualTo(keyHash);
    }
  }

  @Test
  void eachProofReportsItsMemoryToListenersOnItsOwnThread() {
    List<ProofMemory> reports = new CopyOnWriteArrayList<>();
    List<Thread> threads = new CopyOnWriteArrayList<>();
    ProgressListener listener =
        new ProgressListener() {
          @Override
          public void onPhase(String name, String phase, Duration elapsed) {}

          @Override
          public void onMemory(String name, ProofMemory memory) {
            assertThat(name).isEqualTo(TestPoseidon2Witness.CIRCUIT);
            reports.add(memory);
            threads.add(Thread.currentThread());
          }
        };
    prover.addProgressListener(listener);
    try {
      circuit.prove(TestPoseidon2Witness.of(3, 4).bytes(), ProofTarget.AGGREGATION);
      circuit.prove(TestPoseidon2Witness.of(3, 4).bytes());
      assertThatThrownBy(() -> circuit.prove(new byte[1]))
          .isInstanceOf(NativeProverException.class);
    } finally {
      prover.removeProgressListener(listener);
    }
    assertThat(reports).as("one per successful proof").hasSize(2);
    assertThat(threads).containsOnly(Thread.currentThread());
    for (ProofMemory memory : reports) {
      assertThat(memory.goHeapPeakBytes()).isPositive();
      assertThat(memory.processPeakRssBytes())
          .as("VmHWM covers the JVM and the Go heap")
          .isGreaterThan(memory.goHeapPeakBytes());
    }
  }

  @Test
  void reportsTheCircuitShape() throws IOException {
    assertThat(circuit.name()).isEqualTo("test-poseidon2");
    assertThat(circuit.publicInputCount()).isEqualTo(1);
    assertThat(circuit.commitmentCount()).isEqualTo(1);
    assertThat(circuit.constraintCount()).isEqualTo(pinnedConstraintCount("test-poseidon2"));
  }

  @Test
  void rejectsTheProofWithAnyPublicInputByteOrProofByteChanged() {
    Proof proof = circuit.prove(TestPoseidon2Witness.of(5, 6).bytes());
    for (int i = 0; i < 32; i++) {
      byte[] input = proof.publicInputs().getFirst().toArray();
      input[i] ^= 1;
      assertThat(circuit.verify(new Proof(proof.calldata(), List.of(Bytes32.wrap(input)))))
          .as("input byte %d", i)
          .isFalse();
    }
    for (int i = 0; i < proof.calldata().size(); i += 7) {
      byte[] calldata = proof.calldata().toArray();
      calldata[i] ^= 1;
      assertThat(circuit.verify(new Proof(Bytes.wrap(calldata), proof.publicInputs())))
          .as("proof byte %d", i)
          .isFalse();
    }
    assertThat(circuit.verify(new Proof(proof.calldata(), List.of(MODULUS))))
        .as("input not in the field")
        .isFalse();
  }

  @Test
  void aProofOfTheWrongSizeIsAnInvalidInputNotARejection() {
    Proof proof = circuit.prove(TestPoseidon2Witness.of(1, 2).bytes());
    expectInvalidInput(
        () -> circuit.verify(new Proof(proof.calldata().slice(0, 256), proof.publicInputs())),
        "proof bytes");
    expectInvalidInput(
        () -> circuit.verify(new Proof(proof.calldata(), List.of())), "public inputs");
  }

  @Test
  void badWitnessesGiveClearInvalidInputErrors() {
    TestPoseidon2Witness valid = TestPoseidon2Witness.of(7, 8);
    byte[] bytes = valid.bytes();

    expectInvalidInput(() -> circuit.prove(new byte[0]), "needs 96 witness bytes");
    expectInvalidInput(() -> circuit.prove(Bytes.wrap(bytes).slice(0, 95).toArray()), "got 95");
    expectInvalidInput(
        () -> circuit.prove(Bytes.concatenate(MODULUS, valid.b(), valid.h()).toArray()),
        "non-canonical");
    expectInvalidInput(
        () -> circuit.prove(Bytes.concatenate(valid.a(), valid.b(), valid.a()).toArray()),
        "does not satisfy");
    TestPoseidon2Witness tooBig =
        TestPoseidon2Witness.of(BigInteger.ONE.shiftLeft(128), BigInteger.ONE);
    expectInvalidInput(() -> circuit.prove(tooBig.bytes()), "does not satisfy");
    // and the circuit still proves afterwards
    assertThat(circuit.verify(circuit.prove(bytes))).isTrue();
  }

  @Test
  void anUnknownCircuitNameIsAnInvalidInput() {
    expectInvalidInput(() -> prover.loadCircuit("no-such-circuit", cache), "unknown circuit");
  }

  @Test
  void aClosedCircuitsHandleIsRejectedByTheLibrary() {
    ProvingCircuit second = prover.loadCircuit(TestPoseidon2Witness.CIRCUIT, cache);
    Proof proof = second.prove(TestPoseidon2Witness.of(1, 1).bytes());
    second.close();
    second.close(); // idempotent

    expectInvalidInput(
        () -> second.prove(TestPoseidon2Witness.of(1, 1).bytes()),
        "unknown or freed circuit handle");
    expectInvalidInput(() -> second.verify(proof), "unknown or freed circuit handle");
    expectInvalidInput(() -> second.exportSolidityVerifier("V"), "unknown or freed circuit handle");
    expectInvalidInput(
        () -> second.prove(TestPoseidon2Witness.of(1, 1).bytes(), ProofTarget.AGGREGATION),
        "unknown or freed circuit handle");
    expectInvalidInput(
        () -> second.verify(proof, ProofTarget.AGGREGATION), "unknown or freed circuit handle");
    expectInvalidInput(second::keyHash, "unknown or freed circuit handle");
    expectInvalidInput(second::freeHandleAgain, "unknown or freed circuit handle");
    assertThat(circuit.verify(proof)).as("the other handle still works").isTrue();
  }

  @Test
  void progressReachesListenersForEachPhase() {
    List<String> phases = new CopyOnWriteArrayList<>();
    ProgressListener listener = (name, phase, elapsed) -> phases.add(name + ":" + phase);
    prover.addProgressListener(listener);
    try {
      circuit.prove(TestPoseidon2Witness.of(3, 4).bytes());
    } finally {
      prover.removeProgressListener(listener);
    }
    assertThat(phases).containsExactly("test-poseidon2:witness", "test-poseidon2:prove");
  }

  @Test
  void exportsTheSolidityVerifierUnderTheGivenName() {
    String source = circuit.exportSolidityVerifier("TestPoseidon2Verifier");
    assertThat(source)
        .contains("contract TestPoseidon2Verifier")
        .contains("UNSAFE FOR PRODUCTION")
        .contains("function verifyProof(")
        .doesNotContain("contract Verifier");
    expectInvalidInput(
        () -> circuit.exportSolidityVerifier("not a name"), "not a Solidity identifier");
  }

  @Test
  void proofsFromManyThreadsAtOnceAllVerify() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int thread = t;
        results.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 10; i++) {
                    TestPoseidon2Witness witness = TestPoseidon2Witness.of(thread, i);
                    // the threads interleave both targets, on one handle
                    ProofTarget target = ProofTarget.values()[(thread + i) % 2];
                    ProofTarget other = ProofTarget.values()[(thread + i + 1) % 2];
                    Proof proof = circuit.prove(witness.bytes(), target);
                    assertThat(proof.publicInputs()).containsExactly(witness.h());
                    assertThat(circuit.verify(proof, target)).as("for %s", target).isTrue();
                    assertThat(circuit.verify(proof, other)).as("for %s", other).isFalse();
                  }
                  return 10;
                }));
      }
      int proved = 0;
      for (Future<Integer> result : results) {
        proved += result.get(2, TimeUnit.MINUTES);
      }
      assertThat(proved).isEqualTo(40);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aThousandProveAndVerifyCallsLeaveNoAllocationNoHandleAndNoGoHeapBehind() {
    proveAndVerify(50); // warm up
    NativeMemoryStats before = prover.memoryStats();

    proveAndVerify(500); // 500 proofs, each verified: 1,000 calls, plus 50 failing ones
    for (int i = 0; i < 20; i++) {
      try (ProvingCircuit loaded = prover.loadCircuit(TestPoseidon2Witness.CIRCUIT, cache)) {
        assertThatThrownBy(() -> loaded.prove(new byte[1]))
            .isInstanceOf(NativeProverException.class);
      }
    }
    NativeMemoryStats after = prover.memoryStats();

    assertThat(after.outstandingAllocations()).isZero();
    assertThat(after.loadedCircuits()).isEqualTo(before.loadedCircuits());
    assertThat(after.goHeapBytes() - before.goHeapBytes())
        .as("live Go heap growth in bytes")
        .isLessThan(1 << 20);
  }

  private static void proveAndVerify(int times) {
    for (int i = 0; i < times; i++) {
      ProofTarget target = ProofTarget.values()[i % 2];
      Proof proof = circuit.prove(TestPoseidon2Witness.of(i, times).bytes(), target);
      assertThat(circuit.verify(proof, target)).isTrue();
      if (i % 10 == 0) {
        assertThatThrownBy(() -> circuit.prove(new byte[3]))
            .isInstanceOf(NativeProverException.class);
      }
    }
  }

  private static void expectInvalidInput(ThrowingCallable call, String message) {
    assertThatThrownBy(call)
        .isInstanceOf(NativeProverException.class)
        .hasMessageContaining(message)
        .extracting(e -> ((NativeProverException) e).status())
        .isEqualTo(NativeStatus.INVALID_INPUT);
  }

  /**
   * The count pinned in keystore-circuits/internal/stats/constraints.json, the one place counts
   * live.
   */
  private static int pinnedConstraintCount(String circuit) throws IOException {
    var counts =
        new ObjectMapper()
            .readTree(
                ProjectRoot.path()
                    .resolve("keystore-circuits/internal/stats/constraints.json")
                    .toFile());
    return counts.required(circuit).asInt();
  }
}
