package io.keystore.node.core;

import io.keystore.node.storage.NodeStore;
import io.keystore.node.storage.StoredTx;
import io.keystore.node.storage.TxAccount;
import io.keystore.state.api.PendingState;
import io.keystore.state.crypto.PublicKey;
import io.keystore.state.stf.TransitionResult;
import io.keystore.state.tx.DecodingException;
import io.keystore.state.tx.Transaction;
import io.keystore.state.tx.TxCodec;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
  private final AdmissionLimits limits;
  private final ClientLimits clients;
  private final BatchPace pace;
  private final PendingWriter writer;
  private final java.util.Set<Bytes32> inFlight =
      java.util.concurrent.ConcurrentHashMap.newKeySet();
  private final java.util.concurrent.atomic.AtomicLong pendingCount;

  /**
   * Pending transactions signed with a passkey scheme (2, 3), which alone fill a batch of their own
   * (the batcher's cheap test): exact after {@link #rebuildView}, at most an overcount between.
   */
  private final java.util.concurrent.atomic.AtomicLong pendingPasskeySigned =
      new java.util.concurrent.atomic.AtomicLong();

  /**
   * The pending transactions per account and signer, and the creations; under this lock. Counted
   * from the stored pending transactions by {@link #rebuildView} (at start, and after each batch).
   */
  private PendingTally tally = new PendingTally();

  /** A mempool with no admission limit but its capacity. */
  public Mempool(NodeStore store, StateAccess state, Clock clock, int capacity) {
    this(
        store,
        state,
        clock,
        () -> clock.instant().getEpochSecond(),
        capacity,
        AdmissionLimits.UNLIMITED,
        new BatchPace());
  }

  /** A mempool with admission limits, on the wall clock. */
  public Mempool(
      NodeStore store, StateAccess state, Clock clock, int capacity, AdmissionLimits limits) {
    this(
        store,
        state,
        clock,
        () -> clock.instant().getEpochSecond(),
        capacity,
        limits,
        new BatchPace());
  }

  /**
   * A mempool that checks transactions at {@code stateTime} (the node's: L1's when it is ahead of
   * the wall clock), records their arrival and refills client quotas by {@code clock}, and tells a
   * client refused by a pending limit to retry after {@code pace}'s hint.
   */
  public Mempool(
      NodeStore store,
      StateAccess state,
      Clock clock,
      LongSupplier stateTime,
      int capacity,
      AdmissionLimits limits,
      BatchPace pace) {
    this.store = store;
    this.state = state;
    this.clock = clock;
    this.stateTime = stateTime;
    this.capacity = capacity;
    this.limits = limits;
    this.clients = new ClientLimits(limits, clock);
    this.pace = pace;
    this.writer = new PendingWriter(store);
    this.pendingCount = new java.util.concurrent.atomic.AtomicLong(store.countUnbatched());
  }

  /** Admits one raw transaction from a caller in this process (no client quota). */
  public Admission submit(Bytes raw) {
    return submit(raw, Caller.IN_PROCESS);
  }

  /**
   * Admits one raw transaction (its binary encoding). Decoding, the duplicate check and the state
   * transition against the speculative view as it is now (signature, hashes, settings) run on the
   * caller's thread, in parallel with other callers; then, serially, the view takes the result if
   * the account has not changed meanwhile (else runs the transition again), and the transaction is
   * persisted by a group commit before this returns.
   *
   * <p>The admission limits apply first: the caller's client quota (an unknown API key is refused
   * before anything), then, serially, the mempool's capacity, the pending transactions of the
   * account's signer and the pending creations. A limit refuses, never drops: what was admitted
   * stays.
   */
  public Admission submit(Bytes raw, Caller caller) {
    Optional<ClientLimits.Client> client = clients.identify(caller);
    if (client.isEmpty()) {
      return new Admission.UnknownApiKey();
    }
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
    Optional<Duration> wait = clients.take(client.get());
    if (wait.isPresent()) {
      return clientRateLimited(client.get(), wait.get());
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
        return new Admission.Full(capacity, pace.retryAfterSeconds());
      }
      Optional<Admission> limited = pendingLimit(tx);
      if (limited.isPresent()) {
        inFlight.remove(hash);
        return limited.get();
      }
      TransitionResult outcome = state.dryRun(prepared);
      if (outcome instanceof TransitionResult.Rejected r) {
        inFlight.remove(hash);
        return new Admission.Refused(hash, r.reason(), r.message());
      }
      pendingCount.incrementAndGet();
      if (passkeySigned(tx)) {
        pendingPasskeySigned.incrementAndGet();
      }
      tally.add(tx);
      TxAccount account = new TxAccount(tx.account().toBytes(), PendingTally.creates(tx));
      written =
          writer.write(new NodeStore.NewTx(hash, occurrence, encoded, now, Optional.of(account)));
      written.whenComplete((ok, e) -> inFlight.remove(hash));
    }
    try {
      written.join();
    } catch (CompletionException e) {
      LOG.error(
          "could not persist transaction {}; rebuilding the pending view", hash, e.getCause());
      pendingCount.decrementAndGet();
      rebuildView();
      throw e;
    }
    return new Admission.Accepted(hash, false);
  }

  private static Admission clientRateLimited(ClientLimits.Client client, Duration wait) {
    AdmissionLimits.ClientQuota q = client.quota().orElseThrow();
    return new Admission.Limited(
        Admission.Limit.CLIENT_RATE,
        client.name()
            + " may send "
            + q.burst()
            + " transactions at once, then "
            + q.perSecond()
            + " a second",
        Math.max(1, (wait.toMillis() + 999) / 1000));
  }

  /** The limits on pending transactions {@code tx} would pass (under this lock). */
  private Optional<Admission> pendingLimit(Transaction tx) {
    if (tally.sameSigner(tx) >= limits.maxPendingPerSigner()) {
      PendingTally.Signer signer = PendingTally.Signer.of(tx);
      return Optional.of(
          new Admission.Limited(
              Admission.Limit.ACCOUNT_PENDING,
              "account "
                  + tx.account()
                  + " has "
                  + limits.maxPendingPerSigner()
                  + " pending transactions of "
                  + signer.describe()
                  + " (the most it may have until a batch takes them)",
              pace.retryAfterSeconds()));
    }
    if (PendingTally.creates(tx) && tally.creations() >= limits.maxPendingCreations()) {
      return Optional.of(
          new Admission.Limited(
              Admission.Limit.PENDING_CREATIONS,
              "the node has "
                  + limits.maxPendingCreations()
                  + " pending account creations (the most it takes"
                  + " until a batch takes them)",
              pace.retryAfterSeconds()));
    }
    return Optional.empty();
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

  /**
   * Admitted transactions signed with a passkey scheme not yet taken by the batcher (an overcount
   * until the view is rebuilt after a batch).
   */
  public long pendingPasskeySigned() {
    return pendingPasskeySigned.get();
  }

  /** Whether {@code tx} carries a signature of a passkey scheme (P-256 or WebAuthn). */
  static boolean passkeySigned(Transaction tx) {
    return BatchCircuits.schemeOf(tx).orElse(PublicKey.SCHEME_SECP256K1)
        != PublicKey.SCHEME_SECP256K1;
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
    List<Transaction> pending = decodeAll(store.pending(Integer.MAX_VALUE));
    state.resetView(pending, stateTime.getAsLong());
    tally = PendingTally.of(pending);
    pendingPasskeySigned.set(pending.stream().filter(Mempool::passkeySigned).count());
  }

  private static List<Transaction> decodeAll(List<StoredTx> rows) {
    List<Transaction> pending = new ArrayList<>();
    for (StoredTx t : rows) {
      try {
        pending.add(TxCodec.decode(t.raw()));
      } catch (DecodingException e) {
        throw new IllegalStateException("stored transaction " + t.hash() + " does not decode", e);
      }
    }
    return pending;
  }
}
