package io.keystore.node.core;

import io.keystore.prover.Proof;
import java.util.Optional;

/**
 * Makes the proof of a {@link ProofJob}: in this process ({@link InProcessProver}, the default) or
 * on workers of the cluster ({@code io.keystore.node.cluster.ClusterProver}). Whatever makes it,
 * the proof returned has passed {@code check}.
 */
public interface JobProver extends AutoCloseable {

  /** Why a proof is refused for a job (it does not verify, or proves another input), if it is. */
  @FunctionalInterface
  interface ProofCheck {
    Optional<String> refusal(ProofJob job, Proof proof);
  }

  /** A proof that passed the check, and who made it ({@code in-process} or a worker's id). */
  record Proven(Proof proof, String prover) {}

  /**
   * The job's proof, once made: an in-process prover proves before it returns; a cluster prover
   * hands the job out and returns empty until a worker's proof passed {@code check} (call again).
   *
   * @throws IllegalStateException when an in-process proof is refused (a bug, not a worker)
   */
  Optional<Proven> prove(ProofJob job, ProofCheck check);

  /**
   * How many jobs the prover stage may have out at once: one for a prover that proves as it is
   * asked (this process), every due job for one that hands them to workers.
   */
  default int concurrentJobs() {
    return 1;
  }

  @Override
  default void close() {}
}
