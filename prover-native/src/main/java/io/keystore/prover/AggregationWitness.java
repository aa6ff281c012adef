package io.keystore.prover;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * The witness bytes of an aggregation circuit such as {@code aggregate-2} (docs/spec/aggregation.md
 * §5), for {@link ProvingCircuit#prove(byte[], ProofTarget)}:
 *
 * <pre>
 * n (1 byte)
 * n × ( nameLength (1 byte) ‖ name (ASCII) ‖ proof calldata ‖ input (32 bytes, big-endian) )
 * </pre>
 *
 * <p>Each inner proof must have been made for {@link ProofTarget#AGGREGATION}, and its circuit
 * loaded in this process before the aggregation proves. The circuit checks the count against its
 * fan-in (2 for {@code aggregate-2}); this encoding only refuses what the layout cannot hold.
 */
public final class AggregationWitness {

  /** The most inner proofs the count byte holds. */
  public static final int MAX_PROOFS = 255;

  /** The longest circuit name, in bytes. */
  public static final int MAX_NAME_BYTES = 64;

  /**
   * One proof to aggregate.
   *
   * @param circuit the registered circuit it is a proof of, e.g. {@code batch-1} or {@code
   *     aggregate-2}
   * @param proof the proof, made for {@link ProofTarget#AGGREGATION}; its single public input is
   *     the entry's input
   */
  public record InnerProof(String circuit, Proof proof) {
    public InnerProof {
      Objects.requireNonNull(circuit, "circuit");
      Objects.requireNonNull(proof, "proof");
    }
  }

  private AggregationWitness() {}

  /**
   * Encodes the inner proofs, in order, as aggregation.md §5 lays them out.
   *
   * @throws IllegalArgumentException for no proofs or more than {@value #MAX_PROOFS}, a circuit
   *     name that is empty, longer than {@value #MAX_NAME_BYTES} bytes or not ASCII, or a proof
   *     with other than one public input
   */
  public static byte[] encode(List<InnerProof> proofs) {
    if (proofs.isEmpty() || proofs.size() > MAX_PROOFS) {
      throw new IllegalArgumentException(
          "an aggregation witness holds 1 to "
              + MAX_PROOFS
              + " inner proofs, got "
              + proofs.size());
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(proofs.size());
    for (int i = 0; i < proofs.size(); i++) {
      InnerProof p = proofs.get(i);
      byte[] name = p.circuit().getBytes(StandardCharsets.US_ASCII);
      if (name.length == 0 || name.length > MAX_NAME_BYTES) {
        throw new IllegalArgumentException(
            "inner proof "
                + i
                + ": circuit name of "
                + name.length
                + " bytes, must be 1 to "
                + MAX_NAME_BYTES);
      }
      if (!StandardCharsets.US_ASCII.newEncoder().canEncode(p.circuit())) {
        throw new IllegalArgumentException(
            "inner proof " + i + ": circuit name is not ASCII: " + p.circuit());
      }
      List<?> inputs = p.proof().publicInputs();
      if (inputs.size() != 1) {
        throw new IllegalArgumentException(
            "inner proof "
                + i
                + " ("
                + p.circuit()
                + "): "
                + inputs.size()
                + " public inputs, an inner proof has exactly one");
      }
      out.write(name.length);
      out.writeBytes(name);
      out.writeBytes(p.proof().calldata().toArrayUnsafe());
      out.writeBytes(p.proof().publicInputs().getFirst().toArrayUnsafe());
    }
    return out.toByteArray();
  }
}
