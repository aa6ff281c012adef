package io.keystore.node.l1;

import io.keystore.node.storage.ForcedTxStatus;
import io.keystore.node.storage.NodeStore;
import io.keystore.node.storage.StoredForcedTx;
import io.keystore.state.crypto.Eip712Domain;
import io.keystore.state.crypto.Keccak256;
import io.keystore.state.tx.ForcedTransaction;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the rollup's force-inclusion queue (docs/spec/proof.md §7) into the node database: the
 * ForceQueued events of blocks at least {@code confirmations} deep, in queue order, each checked
 * again with the Java mirror of the contract's checks and its id recomputed. The batcher then puts
 * them first in the next batches. The scanned block is persisted after the rows, so a restart scans
 * again from there and the queue index makes each insert idempotent.
 */
public final class ForcedQueueFollower {

  private static final Logger LOG = LoggerFactory.getLogger(ForcedQueueFollower.class);
  static final String SCANNED_TO = "forced_scanned_to";
  private static final long MAX_RANGE = 2_000;

  private final NodeStore store;
  private final RollupL1 l1;
  private final Eip712Domain domain;
  private final long confirmations;

  public ForcedQueueFollower(
      NodeStore store, RollupL1 l1, Eip712Domain domain, long confirmations) {
    this.store = store;
    this.l1 = l1;
    this.domain = domain;
    this.confirmations = confirmations;
  }

  /** Scans the next range of deep-enough blocks; true if it did. */
  public boolean tick() throws Exception {
    long safe = l1.blockNumber() - confirmations;
    long from = store.meta(SCANNED_TO).map(v -> Long.parseLong(v) + 1).orElse(0L);
    if (safe < from) {
      return false;
    }
    long to = Math.min(safe, from + MAX_RANGE - 1);
    List<RollupL1.QueuedForcedTx> events = l1.forceQueued(from, to);
    for (RollupL1.QueuedForcedTx e : events) {
      record(e);
    }
    store.putMeta(SCANNED_TO, Long.toString(to));
    return true;
  }

  private void record(RollupL1.QueuedForcedTx e) {
    long expected = store.nextForcedIndex();
    if (e.index() < expected) {
      return; // read before a restart
    }
    if (e.index() > expected) {
      throw new IllegalStateException(
          "force queue index " + e.index() + " read before " + expected + ": a gap in the events");
    }
    Optional<ForcedTransaction> checked = check(e);
    checked
        .filter(f -> !f.forceId().equals(e.forceId()))
        .ifPresent(
            f ->
                LOG.error(
                    "forced transaction {}: L1 id {} but Java computes {}: batches"
                        + " taking it will not prove",
                    e.index(),
                    e.forceId(),
                    f.forceId()));
    store.insertForced(
        new StoredForcedTx(
            e.index(),
            Keccak256.hash(e.transaction()),
            e.transaction(),
            e.signerKey(),
            e.forceId(),
            e.queuedAt(),
            e.l1Block(),
            ForcedTxStatus.QUEUED,
            Optional.empty(),
            Optional.empty(),
            Optional.empty()));
    LOG.info(
        "forced transaction {} queued on L1 at {} (block {})",
        e.index(),
        e.queuedAt(),
        e.l1Block());
  }

  private Optional<ForcedTransaction> check(RollupL1.QueuedForcedTx e) {
    try {
      return Optional.of(ForcedTransaction.validate(e.transaction(), e.signerKey(), domain));
    } catch (ForcedTransaction.InvalidForcedTransaction x) {
      LOG.error(
          "forced transaction {} passed L1's checks but not Java's: {}", e.index(), x.getMessage());
      return Optional.empty();
    }
  }
}
