package io.keystore.prover;

import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;

/**
 * A circuit loaded in the native prover with its Groth16 keys, from {@link
 * NativeProver#loadCircuit}. Safe for concurrent proofs and verifications from many threads; each
 * proof uses every core. Close it to release the keys; calls after {@link #close()} fail with a
 * {@link NativeProverException} (the library rejects the freed handle).
 */
public final class ProvingCircuit implements AutoCloseable {

  private static final int FIELD_BYTES = 32;

  private final NativeCalls calls;
  private final long handle;
  private final String name;
  private final Shape shape;
  private final MemoryReport memoryReport;
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile Bytes32 keyHash;

  /** Where a proof's memory goes: the listeners and the log of {@link NativeProver}. */
  @FunctionalInterface
  interface MemoryReport {
    void report(String circuit, ProofMemory memory, Duration proofTime);
  }

  /** What the library reports about a loaded circuit (ksp_circuit_info). */
  record Shape(int publicInputs, int proofBytes, long constraints, int commitments) {}

  ProvingCircuit(
      NativeCalls calls, long handle, String name, Shape shape, MemoryReport memoryReport) {
    this.calls = calls;
    this.handle = handle;
    this.name = name;
    this.shape = shape;
    this.memoryReport = memoryReport;
  }

  /** The registered circuit name, e.g. {@code batch-4}. */
  public String name() {
    return name;
  }

  /** How many public inputs the verifier takes. */
  public int publicInputCount() {
    return shape.publicInputs();
  }

  /** The length of {@link Proof#calldata()}. */
  public int proofSize() {
    return shape.proofBytes();
  }

  /** The number of R1CS constraints. */
  public long constraintCount() {
    return shape.constraints();
  }

  /** The number of BSB22 commitments in each proof. */
  public int commitmentCount() {
    return shape.commitments();
  }

  /**
   * Proves the circuit for a witness in the circuit's own byte layout, for the L1 verifier: {@code
   * prove(witness, ProofTarget.L1)}.
   *
   * @throws NativeProverException with {@link NativeStatus#INVALID_INPUT} when the witness is
   *     malformed or does not satisfy the circuit
   */
  public Proof prove(byte[] witness) {
    return prove(witness, ProofTarget.L1);
  }

  /**
   * Proves the circuit for a witness in the circuit's own byte layout, for the verifier {@code
   * target}. The phases (witness, prove) and then the proof's {@link ProofMemory} go to the {@link
   * ProgressListener}s and the log.
   *
   * <p>For an aggregation circuit ({@code aggregate-2}) the witness is {@link
   * AggregationWitness#encode}'s, and the circuits of its inner proofs must be loaded in this
   * process; an inner proof that does not verify for {@link ProofTarget#AGGREGATION} (one made for
   * L1, say) is an {@link NativeStatus#INVALID_INPUT}.
   *
   * @throws NativeProverException with {@link NativeStatus#INVALID_INPUT} when the witness is
   *     malformed or does not satisfy the circuit
   */
  public Proof prove(byte[] witness, ProofTarget target) {
    PointerByReference proofOut = new PointerByReference();
    PointerByReference publicOut = new PointerByReference();
    LongByReference proofLength = new LongByReference();
    LongByReference publicLength = new LongByReference();
    long[] memory = new long[2];
    long start = System.nanoTime();
    calls.check(
        error ->
            calls
                .library()
                .ksp_prove(
                    handle,
                    target.code(),
                    witness,
                    witness.length,
                    proofOut,
                    proofLength,
                    publicOut,
                    publicLength,
                    memory,
                    error));
    byte[] proof = calls.takeBytes(proofOut.getValue(), proofLength.getValue());
    byte[] inputs = calls.takeBytes(publicOut.getValue(), publicLength.getValue());
    memoryReport.report(
        name, new ProofMemory(memory[0], memory[1]), Duration.ofNanos(System.nanoTime() - start));
    return new Proof(Bytes.wrap(proof), split(inputs));
  }

  /**
   * Checks that a witness satisfies the circuit without proving it (the solver alone: a fraction of
   * a proof's time).
   *
   * @throws NativeProverException with {@link NativeStatus#INVALID_INPUT} and the reason when the
   *     witness is malformed or breaks a constraint
   */
  public void checkSatisfied(byte[] witness) {
    calls.check(error -> calls.library().ksp_solve(handle, witness, witness.length, error));
  }

  /**
   * Verifies a proof made for the L1 verifier, as the Solidity verifier does: {@code verify(proof,
   * ProofTarget.L1)}.
   *
   * @return false when the proof does not verify (including points off the curve and public inputs
   *     outside the field)
   * @throws NativeProverException with {@link NativeStatus#INVALID_INPUT} when its sizes do not fit
   *     this circuit
   */
  public boolean verify(Proof proof) {
    return verify(proof, ProofTarget.L1);
  }

  /**
   * Verifies a proof made for {@code target}, as that target's verifier does. A proof made for the
   * other target does not verify.
   *
   * @return false when the proof does not verify (including points off the curve and public inputs
   *     outside the field)
   * @throws NativeProverException with {@link NativeStatus#INVALID_INPUT} when its sizes do not fit
   *     this circuit
   */
  public boolean verify(Proof proof, ProofTarget target) {
    byte[] calldata = proof.calldata().toArrayUnsafe();
    byte[] inputs = Bytes.concatenate(proof.publicInputs().toArray(Bytes[]::new)).toArrayUnsafe();
    try {
      calls.check(
          error ->
              calls
                  .library()
                  .ksp_verify(
                      handle,
                      target.code(),
                      calldata,
                      calldata.length,
                      inputs,
                      inputs.length,
                      error));
      return true;
    } catch (NativeProverException e) {
      if (e.status() == NativeStatus.PROOF_REJECTED) {
        return false;
      }
      throw e;
    }
  }

  /**
   * The hash of this circuit's verifying key (docs/spec/aggregation.md §2): how an aggregation
   * names the key of an inner proof, and the {@code KEY_HASH} constant of {@link
   * #exportSolidityVerifier}'s contract. Computed by the library on the first call, then kept.
   *
   * @throws NativeProverException with {@link NativeStatus#INVALID_INPUT} when first called after
   *     {@link #close()}
   */
  public Bytes32 keyHash() {
    Bytes32 hash = keyHash;
    if (hash == null) {
      byte[] out = new byte[FIELD_BYTES];
      calls.check(error -> calls.library().ksp_circuit_key_hash(handle, out, out.length, error));
      hash = Bytes32.wrap(out);
      keyHash = hash;
    }
    return hash;
  }

  /**
   * The Solidity verifier of this circuit, generated by gnark, with the contract renamed.
   *
   * @param contractName a Solidity identifier
   */
  public String exportSolidityVerifier(String contractName) {
    PointerByReference source = new PointerByReference();
    calls.check(error -> calls.library().ksp_export_solidity(handle, contractName, source, error));
    return calls.takeString(source.getValue(), "");
  }

  /** Releases the keys in the library. Idempotent. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      calls.check(error -> calls.library().ksp_circuit_free(handle, error));
    }
  }

  /** Frees the handle whether or not it was closed: for tests of the library's handle checks. */
  void freeHandleAgain() {
    calls.check(error -> calls.library().ksp_circuit_free(handle, error));
  }

  private static List<Bytes32> split(byte[] inputs) {
    List<Bytes32> out = new ArrayList<>(inputs.length / FIELD_BYTES);
    for (int i = 0; i < inputs.length; i += FIELD_BYTES) {
      out.add(Bytes32.wrap(inputs, i));
    }
    return out;
  }

  @Override
  public String toString() {
    return "ProvingCircuit[" + name + ", handle " + handle + (closed.get() ? ", closed]" : "]");
  }
}
