package io.keystore.node.core;

import io.keystore.prover.Proof;
import io.keystore.prover.ProvingCircuit;
import java.util.Optional;
import java.util.function.Function;

/** Proves each job in this process, with the node's own loaded circuits: the default. */
public final class InProcessProver implements JobProver {

  /** The name of the prover in the job rows and the logs. */
  public static final String NAME = "in-process";

  private final Function<String, ProvingCircuit> circuits;

  /**
   * @param circuits the loaded circuit of a name (loaded on first use)
   */
  public InProcessProver(Function<String, ProvingCircuit> circuits) {
    this.circuits = circuits;
  }

  @Override
  public Optional<Proven> prove(ProofJob job, ProofCheck check) {
    Proof proof = circuits.apply(job.circuit()).prove(job.witness().toArrayUnsafe(), job.target());
    check
        .refusal(job, proof)
        .ifPresent(
            why -> {
              throw new IllegalStateException("job " + job.id() + ": " + why);
            });
    return Optional.of(new Proven(proof, NAME));
  }
}
