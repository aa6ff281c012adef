package io.keystore.node.core;

import io.keystore.node.storage.BatchStatus;
import io.keystore.node.storage.NodeStore;
import io.keystore.node.storage.StoredBatch;
import io.keystore.prover.Proof;
import io.keystore.prover.ProvingCircuit;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Proves the oldest BATCHED batch, one proof at a time, and stores the proof (PROVEN). A batch a
 * crash interrupted is still BATCHED and is proven again. Progress phases go to the log and to the
 * batch row, where receipts show them.
 */
public final class ProverStage {

  private static final Logger LOG = LoggerFactory.getLogger(ProverStage.class);

  private final NodeStore store;
  private final java.util.function.Supplier<ProvingCircuit> circuit;
  private final Clock clock;
  private final AtomicLong proving = new AtomicLong(-1);
  private final BatchPace pace;

  public ProverStage(
      NodeStore store, java.util.function.Supplier<ProvingCircuit> circuit, Clock clock) {
    this(store, circuit, clock, new BatchPace());
  }

  /** A prover stage that tells {@code pace} how long each proof took. */
  public ProverStage(
      NodeStore store,
      java.util.function.Supplier<ProvingCircuit> circuit,
      Clock clock,
      BatchPace pace) {
    this.store = store;
    this.circuit = circuit;
    this.clock = clock;
    this.pace = pace;
  }

  /** For the prover's progress listener: records a phase against the batch being proven. */
  public void onPhase(String circuitName, String phase, java.time.Duration elapsed) {
    long id = proving.get();
    if (id >= 0) {
      String text = phase + " done after " + elapsed.toMillis() + " ms";
      LOG.info("batch {} proving: {}", id, text);
      store.setProgress(id, text);
    }
  }

  /** Proves one batch if one waits; true if it did. */
  public boolean tick() {
    Optional<StoredBatch> next = store.firstBatch(BatchStatus.BATCHED);
    if (next.isEmpty()) {
      return false;
    }
    StoredBatch batch = next.get();
    proving.set(batch.id());
    long start = System.nanoTime();
    try {
      store.setProgress(batch.id(), "proving");
      Proof proof = circuit.get().prove(batch.witness().orElseThrow().toArrayUnsafe());
      store.setProof(batch.id(), proof.calldata(), clock.instant().getEpochSecond());
      java.time.Duration took = java.time.Duration.ofNanos(System.nanoTime() - start);
      pace.proved(took);
      LOG.info("batch {} proven in {} ms", batch.id(), took.toMillis());
    } finally {
      proving.set(-1);
    }
    return true;
  }
}
