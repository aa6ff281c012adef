package io.keystore.node.core;

import io.keystore.node.storage.NodeStore;
import io.keystore.node.storage.StoredTx;
import io.keystore.state.api.PendingState;
import io.keystore.state.stf.TransitionResult;
import io.keystore.state.tx.DecodingException;
import io.keystore.state.tx.Transaction;
import io.keystore.state.tx.TxCodec;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.LongSupplier;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Admits transactions: decodes them, dry-runs them against the committed state plus every pending
 * transaction (signature, domain, nonce, rules: the state transition, prepared in parallel and
 * confirmed serially, see {@link StateAccess#prepare}), and persists the accepted ones before
 * answering.
 */
public final class Mempool {

  private static final Logger LOG = LoggerFactory.getLogger(Mempool.class);

  private final NodeStore store;
  private final StateAccess state;
  private final Clock clock;
  private final LongSupplier stateTime;
  private final int capacity;
  private final PendingWriter writer;
  private final java.util.Set<Bytes32> inFlight = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private final java.util.concurrent.atomic.AtomicLong pendingCount;

  public Mempool(NodeStore store, StateAccess state, Clock clock, int capacity) {
    this(store, state, clock, () -> clock.instant().getEpochSecond(), capacity);
  }

  /**
   * A mempool that checks transactions at {@code stateTime} (the node's: L1's when it is ahead of
   * the wall clock) and records their arrival by {@code clock}.
   */
  public Mempool(NodeStore store, StateAccess state, Clock clock, LongSupplier stateTime, int capacity) {
    this.store = store;
    this.state = state;
    this.clock = clock;
    this.stateTime = stateTime;
    this.capacity = capacity;
    this.writer = new PendingWriter(store);
    this.pendingCount = new java.util.concurrent.atomic.AtomicLong(store.countUnbatched());
  }

  /**
   * Admits one raw transaction (its binary encoding). Decoding, the duplicate check and the state
   * transition against the speculative view as it is now (signature, hashes, settings) run on the
   * caller's thread, in parallel with other callers; then, serially, the view takes the result if
   * the account has not changed meanwhile (else runs the transition again), and the transaction is
   * persisted by a group commit before this returns.
   */
  public Admission submit(Bytes raw) {
    Transaction tx;
    try {
      tx = TxCodec.decode(raw);
    } catch (DecodingException | RuntimeException e) {
      return new Admission.Malformed(e.getMessage() == null ? e.toString() : e.getMessage());
    }
    Bytes32 hash = TxCodec.hash(tx);
    int occurrence = 0;
    NodeStore.Copies copies = store.copies(hash);
    if (copies.known()) {
      if (copies.pending() || !repeatable(tx)) {
        return new Admission.Accepted(hash, true);
      }
      occurrence = copies.count(); // judged afresh below, against the state as it is now
    }
    long now = clock.instant().getEpochSecond();
    Bytes encoded = TxCodec.encode(tx);
    PendingState.Prepared prepared = state.prepare(tx, stateTime.getAsLong());
    CompletableFuture<Void> written;
    synchronized (this) {
      if (!inFlight.add(hash)) {
        return new Admission.Accepted(hash, true); // admitted a moment ago, being written
      }
      if (pendingCount.get() >= capacity) {
        inFlight.remove(hash);
        return new Admission.Full(capacity);
      }
      TransitionResult outcome = state.dryRun(prepared);
      if (outcome instanceof TransitionResult.Rejected r) {
        inFlight.remove(hash);
        return new Admission.Refused(hash, r.reason(), r.message());
      }
      pendingCount.incrementAndGet();
      written = writer.write(new NodeStore.NewTx(hash, occurrence, encoded, now));
      written.whenComplete((ok, e) -> inFlight.remove(hash));
    }
    try {
      written.join();
    } catch (CompletionException e) {
      LOG.error("could not persist transaction {}; rebuilding the pending view", hash, e.getCause());
      pendingCount.decrementAndGet();
      rebuildView();
      throw e;
    }
    return new Admission.Accepted(hash, false);
  }

  /**
   * Whether the same bytes can be a new transaction again once an earlier copy left the pending
   * set. A FinaliseRecovery binds no nonce or epoch (anyone may send it, unsigned), so it encodes
   * the same in every recovery round and for every pending update; every other type is signed over
   * a nonce or a recovery epoch and can be valid once only, so its hash names it for good and a
   * resubmission is answered "already known".
   */
  static boolean repeatable(Transaction tx) {
    return tx instanceof Transaction.FinaliseRecovery;
  }

  /**
   * Admitted transactions not yet taken by the batcher: never fewer than the stored pending
   * transactions not in a batch (it counts a transaction from its admission, before its row).
   */
  public long pendingCount() {
    return pendingCount.get();
  }

  /** The batcher took {@code n} transactions out of the pending set. */
  public void removed(int n) {
    pendingCount.addAndGet(-n);
  }

  /** Stops the writer after it has written everything queued. */
  public void close() throws InterruptedException {
    writer.close();
  }

  /** Runs {@code work} with no admission in progress (the batcher changes the state under it). */
  public synchronized void exclusive(Runnable work) {
    writer.flush(); // admitted transactions are in the view: their rows must be visible too
    work.run();
  }

  /** Rebuilds the speculative view: the committed state plus the transactions still pending. */
  public synchronized void rebuildView() {
    writer.flush();
    List<Transaction> pending = new ArrayList<>();
    for (StoredTx t : store.pending(Integer.MAX_VALUE)) {
      try {
        pending.add(TxCodec.decode(t.raw()));
      } catch (DecodingException e) {
        throw new IllegalStateException("stored transaction " + t.hash() + " does not decode", e);
      }
    }
    state.resetView(pending, stateTime.getAsLong());
  }
}
