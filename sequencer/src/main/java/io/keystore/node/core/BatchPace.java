package io.keystore.node.core;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How soon pending transactions leave the mempool: the batcher cuts the next batch when the prover
 * is about done with the last one, so the last proof's duration is the hint a refused client gets
 * ({@code retryAfterSeconds}).
 */
public final class BatchPace {

  /** The hint before any proof. */
  static final Duration BEFORE_ANY_PROOF = Duration.ofSeconds(10);

  private final AtomicLong lastProofMillis = new AtomicLong(-1);

  /** The prover finished a proof that took {@code took}. */
  public void proved(Duration took) {
    lastProofMillis.set(took.toMillis());
  }

  /** About when the next batch takes pending transactions, in whole seconds (1 or more). */
  public long retryAfterSeconds() {
    long ms = lastProofMillis.get();
    Duration d = ms < 0 ? BEFORE_ANY_PROOF : Duration.ofMillis(ms);
    return Math.max(1, (d.toMillis() + 999) / 1000);
  }
}
