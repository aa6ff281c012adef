package io.keystore.node.query;

import io.keystore.node.core.StateAccess;
import io.keystore.node.storage.BatchStatus;
import io.keystore.node.storage.ForcedTxStatus;
import io.keystore.node.storage.NodeStore;
import io.keystore.node.storage.StoredBatch;
import io.keystore.node.storage.StoredForcedTx;
import io.keystore.node.storage.StoredTx;
import io.keystore.node.storage.TxStatus;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes32;

/**
 * What the JSON-RPC methods read, over the node's records and its state: the rules of a receipt
 * (which copy of a hash, its status, its batch), batches by node batch number, a root's state
 * batch, the pipeline's counts. Reads only.
 */
public final class NodeQueries {

  /** The state batch of the genesis state, whose root no batch makes. */
  static final long GENESIS_STATE_BATCH = 0;

  private final NodeStore store;
  private final StateAccess state;

  public NodeQueries(NodeStore store, StateAccess state) {
    this.store = store;
    this.state = state;
  }

  /**
   * The receipt of the transaction with {@code hash}: of its latest copy, the node's or one forced
   * on L1, whichever is in the later batch (a copy in no batch yet counts as the latest).
   */
  public Optional<TxReceipt> receipt(Bytes32 hash) {
    Optional<StoredTx> tx = store.tx(hash);
    Optional<StoredForcedTx> forced = store.forcedByHash(hash);
    if (tx.isPresent()
        && (forced.isEmpty() || !later(forced.get().batchId(), tx.get().batchId()))) {
      return tx.map(this::receiptOf);
    }
    return forced.map(this::receiptOf);
  }

  /**
   * Whether a copy in batch {@code a} is later than one in batch {@code b}, a copy in no batch yet
   * being the latest. The same bytes can be both sent to the node and forced on L1 (a
   * FinaliseRecovery, in different recovery rounds): the receipt is the latest copy's.
   */
  static boolean later(Optional<Long> a, Optional<Long> b) {
    return a.orElse(Long.MAX_VALUE) > b.orElse(Long.MAX_VALUE);
  }

  private TxReceipt receiptOf(StoredTx t) {
    Optional<StoredBatch> batch = t.batchId().flatMap(this::batch);
    ReceiptStatus status =
        ReceiptStatus.of(t.status() == TxStatus.REJECTED, batch.map(StoredBatch::status));
    return new TxReceipt(t.hash(), status, t.reason(), t.message(), batch, Optional.empty());
  }

  private TxReceipt receiptOf(StoredForcedTx f) {
    Optional<StoredBatch> batch = f.batchId().flatMap(this::batch);
    ReceiptStatus status =
        ReceiptStatus.of(f.status() == ForcedTxStatus.REJECTED, batch.map(StoredBatch::status));
    TxReceipt.Forced entry = new TxReceipt.Forced(f.queueIndex(), f.forceId(), f.queuedAt());
    return new TxReceipt(f.hash(), status, f.reason(), f.message(), batch, Optional.of(entry));
  }

  /**
   * Node batch {@code nodeBatch}, if there is one. A batch submitted in an aggregate shows the L1
   * transaction of its aggregate, which the node records on the aggregate's first batch.
   */
  public Optional<StoredBatch> batch(long nodeBatch) {
    return store.batch(nodeBatch).map(this::withAggregateSubmission);
  }

  private StoredBatch withAggregateSubmission(StoredBatch b) {
    if (b.l1TxHash().isPresent() || b.aggregateId().isEmpty()) {
      return b;
    }
    return b.withL1TxHash(store.batch(b.aggregateId().get()).flatMap(StoredBatch::l1TxHash));
  }

  /**
   * The latest state batch whose root is {@code root}, if the node produced it and the state still
   * holds it: one index probe of the node's batches and one read of the state's history, whatever
   * their number.
   */
  public Optional<Long> stateBatchWithRoot(Bytes32 root) {
    Optional<Long> made = store.latestBatchWithNewRoot(root).flatMap(StoredBatch::stateBatch);
    return made.or(() -> Optional.of(GENESIS_STATE_BATCH))
        .filter(b -> state.rootAt(b).filter(root::equals).isPresent());
  }

  /** Transactions admitted and not yet applied or rejected. */
  public long pendingTransactions() {
    return store.countTxs(TxStatus.PENDING);
  }

  /** How many batches are in each stage past applying ({@link BatchStatus#STAGES}), in order. */
  public Map<BatchStatus, Long> batchesPerStage() {
    Map<BatchStatus, Long> counts = new EnumMap<>(BatchStatus.class);
    BatchStatus.STAGES.forEach(s -> counts.put(s, store.countBatches(s)));
    return counts;
  }
}
