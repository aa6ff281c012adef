package io.keystore.node.core;

import io.keystore.state.account.AccountConfig;
import io.keystore.state.api.AccountProof;
import io.keystore.state.api.BatchResult;
import io.keystore.state.api.KeystoreState;
import io.keystore.state.api.PendingState;
import io.keystore.state.crypto.Address;
import io.keystore.state.crypto.Eip712Domain;
import io.keystore.state.stf.TransitionResult;
import io.keystore.state.storage.H2StateStore;
import io.keystore.state.tree.OverlayTreeStore;
import io.keystore.state.tx.ForcedTransaction;
import io.keystore.state.tx.Transaction;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.apache.tuweni.bytes.Bytes32;

/**
 * The keystore state of the node: the committed state in H2 and a speculative view (the committed
 * state's configurations plus every pending transaction, in memory: a {@link PendingState}, no
 * tree) against which the mempool validates. One lock orders every access to the committed state;
 * the view is replaced only after the committed state changed (by the batcher, with admission held:
 * see {@link Mempool#exclusive}).
 */
public final class StateAccess {

  private final ReentrantLock lock = new ReentrantLock();
  private final H2StateStore store;
  private final Eip712Domain domain;
  private final KeystoreState committed;
  private volatile PendingState pendingView;

  public StateAccess(H2StateStore store, Eip712Domain domain) {
    this.store = store;
    this.domain = domain;
    this.committed = new KeystoreState(store, domain);
    this.pendingView = freshView();
  }

  public Eip712Domain domain() {
    return domain;
  }

  private PendingState freshView() {
    return new PendingState(this::account, domain);
  }

  /**
   * Runs the state transition for {@code tx} at {@code time} against the speculative view as it is
   * now, changing nothing: the costly part of admission (signature, hashes, settings), on the
   * caller's thread, in parallel with other callers.
   */
  public PendingState.Prepared prepare(Transaction tx, long time) {
    return pendingView.prepare(tx, time);
  }

  /**
   * Applies a prepared transaction to the speculative view: the prepared result when its account
   * has not changed since, else the state transition again (see {@link PendingState#apply}).
   */
  public TransitionResult dryRun(PendingState.Prepared prepared) {
    // Not under the state lock: the view orders its own applies, and its base reads take the lock.
    return pendingView.apply(prepared);
  }

  /**
   * Rebuilds the speculative view from the committed state plus {@code pending}, in order: the
   * transactions are prepared in parallel, then applied in order. The committed state must not
   * change meanwhile (the batcher calls this with admission held, after its own write).
   */
  public void resetView(List<Transaction> pending, long time) {
    PendingState view = freshView();
    List<PendingState.Prepared> prepared =
        pending.parallelStream().map(tx -> view.prepare(tx, time)).toList();
    prepared.forEach(view::apply);
    pendingView = view;
  }

  /** Applies a batch to the committed state (one H2 transaction). */
  public BatchResult applyBatch(List<Transaction> txs, long time) {
    return applyBatch(List.of(), txs, time);
  }

  /** Applies a batch with forced transactions first to the committed state (one H2 transaction). */
  public BatchResult applyBatch(List<ForcedTransaction> forced, List<Transaction> txs, long time) {
    return locked(() -> committed.applyBatch(forced, txs, time));
  }

  /**
   * The result {@code txs} had, or would have, at {@code time} on the state as state batch {@code
   * base} left it: computed in memory over the stored history, nothing written.
   */
  public BatchResult replayAt(long base, List<Transaction> txs, long time) {
    return replayAt(base, List.of(), txs, time);
  }

  /** {@link #replayAt(long, List, long)} with forced transactions first. */
  public BatchResult replayAt(
      long base, List<ForcedTransaction> forced, List<Transaction> txs, long time) {
    return locked(
        () ->
            new KeystoreState(
                    new OverlayTreeStore(store.tree().at(base)),
                    new OverlayConfigStore(store.configs().at(base)),
                    domain)
                .applyBatch(forced, txs, time));
  }

  /** The number of the latest committed state batch (0 = genesis). */
  public long latestStateBatch() {
    return locked(store::latestBatch);
  }

  public Bytes32 root() {
    return locked(committed::root);
  }

  public Optional<Bytes32> rootAt(long stateBatch) {
    return locked(() -> store.rootAt(stateBatch));
  }

  public Optional<AccountConfig> account(Address address) {
    return locked(() -> committed.account(address));
  }

  public AccountProof proof(Address address) {
    return locked(() -> committed.proof(address));
  }

  /**
   * A proof against the root of state batch {@code stateBatch} (HistoryUnavailableException if not
   * kept).
   */
  public AccountProof proofAt(Address address, long stateBatch) {
    return locked(() -> store.proofAt(address, stateBatch));
  }

  private <T> T locked(Supplier<T> work) {
    lock.lock();
    try {
      return work.get();
    } finally {
      lock.unlock();
    }
  }
}
