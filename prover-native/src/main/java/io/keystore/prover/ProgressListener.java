package io.keystore.prover;

import java.time.Duration;

/**
 * Receives each phase of a circuit load (compile, hash, load or setup and store) and of a proof
 * (witness, prove) as it ends. Called on the thread that made the call; must not block.
 */
@FunctionalInterface
public interface ProgressListener {
  void onPhase(String circuit, String phase, Duration elapsed);
}
