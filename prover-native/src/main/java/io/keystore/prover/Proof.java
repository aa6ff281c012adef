package io.keystore.prover;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;

/**
 * A Groth16 proof in the form the exported Solidity verifier takes: {@code verifyProof(bytes proof,
 * uint256[n] input)} with {@code proof = calldata} and {@code input = publicInputs}.
 *
 * @param calldata A (64 bytes), B (128, EIP-197 order), C (64), then, when the circuit has BSB22
 *     commitments, each commitment (64) and their proof of knowledge (64)
 * @param publicInputs the public inputs, big-endian field elements
 */
public record Proof(Bytes calldata, List<Bytes32> publicInputs) {

  private static final int POINTS = 256;
  private static final int G1 = 64;

  public Proof {
    int extra = calldata.size() - POINTS;
    if (extra < 0 || extra % G1 != 0 || extra == G1) {
      throw new IllegalArgumentException(
          "not a Groth16 proof in Solidity form: " + calldata.size() + " bytes");
    }
    publicInputs = List.copyOf(publicInputs);
  }

  /** The proof point A in G1. */
  public Bytes a() {
    return calldata.slice(0, G1);
  }

  /** The proof point B in G2, EIP-197 order (x.im, x.re, y.im, y.re). */
  public Bytes b() {
    return calldata.slice(G1, 2 * G1);
  }

  /** The proof point C in G1. */
  public Bytes c() {
    return calldata.slice(3 * G1, G1);
  }

  /** The BSB22 (Pedersen) commitments, 64 bytes each; empty for a circuit without. */
  public List<Bytes> commitments() {
    int count = commitmentCount();
    List<Bytes> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      out.add(calldata.slice(POINTS + G1 * i, G1));
    }
    return List.copyOf(out);
  }

  /** The batched proof of knowledge of the commitments, when there are any. */
  public Optional<Bytes> commitmentPok() {
    return commitmentCount() == 0
        ? Optional.empty()
        : Optional.of(calldata.slice(calldata.size() - G1, G1));
  }

  private int commitmentCount() {
    int extra = calldata.size() - POINTS;
    return extra == 0 ? 0 : extra / G1 - 1;
  }
}
