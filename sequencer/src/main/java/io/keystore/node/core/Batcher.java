package io.keystore.node.core;

import io.keystore.node.storage.BatchRecord;
import io.keystore.node.storage.BatchStatus;
import io.keystore.node.storage.NodeStore;
import io.keystore.node.storage.StoredBatch;
import io.keystore.node.storage.StoredForcedTx;
import io.keystore.node.storage.StoredTx;
import io.keystore.node.storage.TxResult;
import io.keystore.state.api.BatchResult;
import io.keystore.state.api.TxOutcome;
import io.keystore.state.proof.BatchCircuit;
import io.keystore.state.proof.BatchHeader;
import io.keystore.state.proof.BatchWitness;
import io.keystore.state.tx.ForcedTransaction;
import io.keystore.state.tx.Transaction;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.apache.tuweni.bytes.Bytes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cuts batches from the L1 force-inclusion queue and the mempool (at most {@code maxSlots}
 * transactions, or fewer once the oldest has waited {@code maxWait}; queued forced transactions
 * first and at once) and applies them to the state. The signed transactions of a batch share one
 * key scheme, its circuit's (docs/spec/proof.md §9, {@link BatchCut}): a batch ends before a
 * transaction of another scheme (and is then due at once, as a full one), forced transactions go in
 * secp256k1 batches, and a passkey batch has one slot whatever {@code maxSlots} is. It cuts only
 * while fewer than {@code maxUnprovenBatches} batches wait for their proof, so that pending
 * transactions wait in the mempool, where the next batch takes those of existing accounts
 * (approvals, cancellations, finalisations, updates) before account creations ({@link
 * NodeStore#pendingForBatch}), rather than in a queue of batches already cut. A batch is first
 * PLANNED in the node database (its transactions and time), then applied to the state database,
 * then recorded as BATCHED with its witness: a restart finds a PLANNED batch and completes it,
 * replaying it over the stored history when the state had already committed it.
 */
public final class Batcher {

  private static final Logger LOG = LoggerFactory.getLogger(Batcher.class);

  private final NodeStore store;
  private final StateAccess state;
  private final Mempool mempool;
  private final Clock clock;
  private final LongSupplier batchTimeSource;
  private final int maxSlots;
  private final Duration maxWait;
  private final int maxUnprovenBatches;
  private final NodeHealth health;

  /** A batcher that cuts batches however many wait for their proof. */
  public Batcher(
      NodeStore store,
      StateAccess state,
      Mempool mempool,
      Clock clock,
      LongSupplier batchTimeSource,
      int maxSlots,
      Duration maxWait) {
    this(
        store,
        state,
        mempool,
        clock,
        batchTimeSource,
        maxSlots,
        maxWait,
        Integer.MAX_VALUE,
        new NodeHealth());
  }

  /**
   * A batcher that cuts no batch while {@code maxUnprovenBatches} wait for their proof, and records
   * in {@code health} why it stopped if the state and the node's records disagree.
   */
  public Batcher(
      NodeStore store,
      StateAccess state,
      Mempool mempool,
      Clock clock,
      LongSupplier batchTimeSource,
      int maxSlots,
      Duration maxWait,
      int maxUnprovenBatches,
      NodeHealth health) {
    this.store = store;
    this.state = state;
    this.mempool = mempool;
    this.clock = clock;
    this.batchTimeSource = batchTimeSource;
    this.maxSlots = maxSlots;
    this.maxWait = maxWait;
    this.maxUnprovenBatches = maxUnprovenBatches;
    this.health = health;
  }

  /** Completes a batch a crash left PLANNED. */
  public void recover() {
    for (StoredBatch planned : store.batchesIn(BatchStatus.PLANNED)) {
      LOG.info("completing batch {}, planned before a restart", planned.id());
      mempool.exclusive(() -> complete(planned));
    }
    mempool.rebuildView();
  }

  /**
   * Cuts and applies one batch if one is due; true if it did. Transactions queued on L1 for force
   * inclusion come first (at most {@code F = min(slots, 4)}, in queue order) and make a batch due
   * at once. The pending transactions follow while they fit the batch's scheme and circuit ({@link
   * BatchCut}). None is cut while {@code maxUnprovenBatches} batches wait for their proof.
   */
  public boolean tick() {
    if (store.countBatches(BatchStatus.BATCHED) >= maxUnprovenBatches) {
      return false;
    }
    List<StoredForcedTx> forced = store.forcedUnbatched(BatchHeader.forcedSlots(maxSlots));
    if (forced.isEmpty() && !mayBeDue()) {
      return false;
    }
    List<StoredTx> fetched = store.pendingForBatch(maxSlots - forced.size());
    BatchCut cut =
        BatchCut.of(
            forced.size(),
            fetched.stream().map(t -> BatchCircuits.schemeOf(BatchCircuits.decode(t))).toList(),
            maxSlots);
    List<StoredTx> pending = fetched.subList(0, cut.taken());
    if (forced.isEmpty() && (pending.isEmpty() || !due(pending, cut))) {
      return false;
    }
    long base = state.latestStateBatch();
    Optional<String> disagreement = disagreement(base);
    if (disagreement.isPresent()) {
      health.degrade(
          Reconciler.COMPONENT,
          disagreement.get() + "; the batcher plans nothing until this is resolved");
      LOG.error("batcher stopped: {}", disagreement.get());
      return false;
    }
    long id = store.lastBatchId() + 1;
    long time = nextBatchTime();
    store.planBatch(
        id,
        time,
        base,
        cut.circuit().slots(),
        forced.stream().map(StoredForcedTx::queueIndex).toList(),
        pending.stream().map(StoredTx::seq).toList(),
        now());
    mempool.removed(pending.size());
    StoredBatch planned = store.batch(id).orElseThrow();
    mempool.exclusive(
        () -> {
          complete(planned);
          mempool.rebuildView();
        });
    return true;
  }

  /**
   * A cheap test before reading up to {@code maxSlots} rows: false only when {@link #due} would be
   * false too (no pending transaction; fewer admitted than {@code maxSlots}, which bounds the
   * stored ones, and no passkey-signed one, which alone fills its batch or cuts another; the oldest
   * not waiting long enough). Keeps a large {@code maxSlots} from costing a scan of the whole
   * mempool every tick while admission needs the database.
   */
  private boolean mayBeDue() {
    Optional<Long> oldest = store.oldestPendingReceivedAt();
    return oldest.isPresent()
        && (maxWait.isZero()
            || mempool.pendingCount() >= maxSlots
            || mempool.pendingPasskeySigned() > 0
            || now() - oldest.get() >= maxWait.toSeconds());
  }

  /**
   * A part batch holds the oldest pending transaction (only a full one may leave it out); a batch
   * the next transaction's scheme cuts is as full as it gets.
   */
  private boolean due(List<StoredTx> pending, BatchCut cut) {
    return cut.full()
        || now() - pending.stream().mapToLong(StoredTx::receivedAt).min().orElseThrow()
            >= maxWait.toSeconds()
        || maxWait.isZero();
  }

  /**
   * Why a batch planned on state batch {@code base} would fork from the node's records, if it
   * would: the latest recorded batch must have made exactly that state batch.
   */
  private Optional<String> disagreement(long base) {
    long recorded = store.recordedStateBatch();
    return recorded == base
        ? Optional.empty()
        : Optional.of(
            "the state database ends at state batch "
                + base
                + " but the node's batch records end at state batch "
                + recorded);
  }

  /** Batch times never go back (the L1 contract refuses it). */
  private long nextBatchTime() {
    long previous = store.latestBatchIn(BatchStatus.APPLIED).map(StoredBatch::time).orElse(0L);
    return Math.max(previous, batchTimeSource.getAsLong());
  }

  /** What a stored batch applies: its forced transactions (checked again), then the others. */
  record Inputs(List<ForcedTransaction> forced, List<Transaction> txs) {}

  /** The inputs of {@code batch} from the node database. */
  static Inputs inputs(NodeStore store, StateAccess state, StoredBatch batch) {
    return new Inputs(
        validatedAll(store.forcedOf(batch.id()), state), decodeAll(store.txsOf(batch.id())));
  }

  private void complete(StoredBatch planned) {
    List<StoredForcedTx> forcedRows = store.forcedOf(planned.id());
    List<StoredTx> rows = store.txsOf(planned.id());
    Inputs inputs = inputs(store, state, planned);
    List<ForcedTransaction> forced = inputs.forced();
    List<Transaction> txs = inputs.txs();
    BatchResult result =
        state.latestStateBatch() == planned.stateBase()
            ? state.applyBatch(forced, txs, planned.time())
            : state.replayAt(planned.stateBase(), forced, txs, planned.time());
    List<TxResult> forcedResults = new ArrayList<>();
    for (int i = 0; i < forcedRows.size(); i++) {
      forcedResults.add(result(forcedRows.get(i).queueIndex(), result.outcomes().get(i)));
    }
    List<TxResult> results = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      results.add(result(rows.get(i).seq(), result.outcomes().get(forcedRows.size() + i)));
    }
    boolean empty = result.proven().isEmpty();
    Bytes witnessBytes = Bytes.EMPTY;
    Bytes updates = Bytes.EMPTY;
    if (!empty) {
      BatchWitness witness = BatchWitness.of(result, state.domain(), planned.slots());
      witnessBytes = witness.toBytes();
      updates = witness.header().publishedBytes();
    }
    store.recordBatch(
        new BatchRecord(
            planned.id(),
            empty ? BatchStatus.EMPTY : BatchStatus.BATCHED,
            result.oldRoot(),
            result.newRoot(),
            result.oldLeafCount(),
            result.newLeafCount(),
            updates,
            witnessBytes),
        forcedResults,
        results,
        now());
    LOG.info(
        "batch {} ({}): {} forced ({} rejected by proof), {} applied, {} rejected, root {} -> {}",
        planned.id(),
        new BatchCircuit(BatchCircuits.schemeOf(forced.size(), txs), planned.slots()).name(),
        forcedRows.size(),
        result.forcedRejected().size(),
        result.applied().size(),
        result.rejected().size(),
        result.oldRoot(),
        result.newRoot());
  }

  private static TxResult result(long key, TxOutcome o) {
    return switch (o) {
      case TxOutcome.Applied a -> TxResult.batched(key);
      case TxOutcome.Rejected r -> TxResult.rejected(key, r.reason().name(), r.message());
      case TxOutcome.ForcedRejected r -> TxResult.rejected(key, r.reason().name(), r.message());
    };
  }

  /** The forced transactions of a batch, checked again as the L1 queue checked them. */
  private static List<ForcedTransaction> validatedAll(
      List<StoredForcedTx> rows, StateAccess state) {
    List<ForcedTransaction> out = new ArrayList<>();
    for (StoredForcedTx row : rows) {
      try {
        out.add(ForcedTransaction.validate(row.raw(), row.signerKey(), state.domain()));
      } catch (ForcedTransaction.InvalidForcedTransaction e) {
        throw new IllegalStateException(
            "forced transaction " + row.queueIndex() + " fails the L1 queue's checks", e);
      }
    }
    return out;
  }

  private static List<Transaction> decodeAll(List<StoredTx> rows) {
    return BatchCircuits.decodeAll(rows);
  }

  private long now() {
    return clock.instant().getEpochSecond();
  }
}
