package io.keystore.prover;

/**
 * Which verifier a proof is made for (docs/spec/aggregation.md §6). A Groth16 proof with a BSB22
 * commitment derives a challenge from a hash of the commitment, and the verifier recomputes it:
 * each target's proofs are refused by the other target's verifier.
 */
public enum ProofTarget {
  /**
   * The exported Solidity verifier (Keccak-256): a proof submitted to L1 alone, or the root of an
   * aggregation tree.
   */
  L1,
  /**
   * The in-circuit verifier of an aggregation circuit such as {@code aggregate-2} (gnark's
   * MiMC-based hash): a leaf or inner node of an aggregation tree.
   */
  AGGREGATION;

  /** The target's code in the C ABI (ksp_prove, ksp_verify). */
  int code() {
    return switch (this) {
      case L1 -> 0;
      case AGGREGATION -> 1;
    };
  }
}
