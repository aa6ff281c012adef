package io.keystore.prover;

import java.time.Duration;

/**
 * Receives each phase of a circuit load (compile, hash, load or setup and store) and of a proof
 * (witness, prove) as it ends, then the memory of each proof. Called on the thread that made the
 * call (so a node can attribute both to the job that thread runs); must not block.
 */
@FunctionalInterface
public interface ProgressListener {
  void onPhase(String circuit, String phase, Duration elapsed);

  /** After each successful proof of {@code circuit}: the memory it took. Ignored by default. */
  default void onMemory(String circuit, ProofMemory memory) {}
}
