package io.keystore.node.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The node's time is L1's: a batch's time is the latest L1 block's (the rollup contract refuses a
 * batch time after the block it lands in), and admission checks a transaction at the latest L1
 * block time the node has read, never later than the time of the batch that will apply it. The time
 * rules are monotone ({@code time >= executableAfter}), so a transaction admitted at that time is
 * not rejected by its batch for the delay: a FinaliseRecovery admitted by the wall clock a few
 * seconds ahead of L1 would be, and its bytes, so its hash, are the same for every later attempt.
 * On a devnet whose L1 time was moved forward ({@code evm_increaseTime}) the node follows L1, so a
 * recovery delay passes when L1's clock says so.
 */
public final class ChainTime {

  /** Reads the latest L1 block's timestamp, in seconds. */
  @FunctionalInterface
  public interface L1Clock {
    long latestBlockTime() throws IOException;
  }

  private final L1Clock l1;
  private final AtomicLong seen = new AtomicLong();

  public ChainTime(L1Clock l1) {
    this.l1 = l1;
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

  /** The time admission checks transactions at: the latest L1 block time read (0 before any). */
  public long admissionTime() {
    return seen.get();
  }

  /** Reads L1's time (a stage step); false, as it never has work of its own. */
  public boolean refresh() {
    batchTime();
    return false;
  }
}
