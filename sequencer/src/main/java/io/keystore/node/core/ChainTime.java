package io.keystore.node.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The node's time is L1's: a batch's time is the latest L1 block's (the rollup contract refuses a
 * batch time after the block it lands in), and admission checks a transaction at the later of the
 * wall clock and the latest L1 block time seen. On a live chain the two agree within a block; on a
 * devnet whose L1 time was moved forward ({@code evm_increaseTime}), the node follows L1, so a
 * recovery delay passes when L1's clock says so.
 */
public final class ChainTime {

  /** Reads the latest L1 block's timestamp, in seconds. */
  @FunctionalInterface
  public interface L1Clock {
    long latestBlockTime() throws IOException;
  }

  private final L1Clock l1;
  private final Clock wall;
  private final AtomicLong seen = new AtomicLong();

  public ChainTime(L1Clock l1, Clock wall) {
    this.l1 = l1;
    this.wall = wall;
  }

  /** The time of the next batch: the latest L1 block's, read now. */
  public long batchTime() {
    try {
      long t = l1.latestBlockTime();
      seen.accumulateAndGet(t, Math::max);
      return t;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The time admission checks transactions at: the wall clock, or L1's when it is ahead. */
  public long admissionTime() {
    return Math.max(wall.instant().getEpochSecond(), seen.get());
  }

  /** Reads L1's time (a stage step); false, as it never has work of its own. */
  public boolean refresh() {
    batchTime();
    return false;
  }
}
