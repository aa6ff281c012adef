package io.keystore.node.core;

import io.keystore.state.api.AccountProof;
import io.keystore.state.api.BatchResult;
import io.keystore.state.api.KeystoreState;
import io.keystore.state.api.TxOutcome;
import io.keystore.state.account.AccountConfig;
import io.keystore.state.crypto.Address;
import io.keystore.state.crypto.Eip712Domain;
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
 * state plus every pending transaction, in memory) against which the mempool validates. One lock
 * orders every access, so the view's base never changes under it.
 */
public final class StateAccess {

  private final ReentrantLock lock = new ReentrantLock();
  private final H2StateStore store;
  private final Eip712Domain domain;
  private final KeystoreState committed;
  private KeystoreState pendingView;

  public StateAccess(H2StateStore store, Eip712Domain domain) {
    this.store = store;
    this.domain = domain;
    this.committed = new KeystoreState(store, domain);
    this.pendingView = freshView();
  }

  public Eip712Domain domain() {
    return domain;
  }

  private KeystoreState freshView() {
    return new KeystoreState(
        new OverlayTreeStore(store.tree()), new OverlayConfigStore(store.configs()), domain);
  }

  /** Applies {@code tx} to the speculative view at {@code time}. */
  public TxOutcome dryRun(Transaction tx, long time) {
    return locked(() -> pendingView.apply(tx, time));
  }

  /** Rebuilds the speculative view from the committed state plus {@code pending}, in order. */
  public void resetView(List<Transaction> pending, long time) {
    locked(
        () -> {
          pendingView = freshView();
          pending.forEach(tx -> pendingView.apply(tx, time));
          return null;
        });
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

  /** A proof against the root of state batch {@code stateBatch} (HistoryUnavailableException if not kept). */
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
