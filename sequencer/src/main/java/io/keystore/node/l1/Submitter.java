package io.keystore.node.l1;

import io.keystore.node.core.BatchCircuits;
import io.keystore.node.core.NodeHealth;
import io.keystore.node.rpc.Metrics;
import io.keystore.node.storage.BatchStatus;
import io.keystore.node.storage.NodeStore;
import io.keystore.node.storage.StorageFailure;
import io.keystore.node.storage.StoredAggregate;
import io.keystore.node.storage.StoredBatch;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Submits PROVEN batches to L1 in order. Every send (the first, a re-send after a revert, a gas
 * bump, a re-broadcast after a restart) is simulated first ({@code eth_call} of the exact call data
 * from the sequencer): a revert that will not go away (any custom error but {@code
 * BatchTimeInFuture} and {@code RootAlreadyRecorded}, which time or the next {@code rootInfo}
 * resolve) halts the batch instead of paying for it, and so does a mined revert whose simulation
 * reverts too. A halted batch is persisted ({@link NodeStore#haltSubmission}), reported in the
 * node's health and the metrics, and blocks every later batch (they build on its root); a new
 * submitter (a restart) simulates it once more and resumes it if the cause is gone.
 *
 * <p>Transient failures (L1 unreachable, a transaction refused by the node, a transient revert, a
 * mined revert whose simulation now succeeds) are retried after {@link Backoff} waits; a batch's
 * {@code maxAttempts}-th (before it reaches L1) halts it too.
 *
 * <p>The nonce and the signed transaction's hash are persisted before the transaction is sent; a
 * restart first asks L1 whether the batch's new root is recorded ({@code rootInfo}), so a batch is
 * never submitted twice, and otherwise re-sends with the same nonce. A transaction not mined within
 * the timeout is re-sent with the same nonce and a higher gas price. SUBMITTED batches become
 * FINALISED once their block is {@code confirmations} deep, and go back to PROVEN if a reorg
 * dropped their root; their persisted transaction is then broadcast again at once (same nonce, same
 * price). A simulation that reverts because an earlier attempt has just landed halts nothing: the
 * next tick finds the batch on L1.
 */
public final class Submitter {

  /** The waits after transient failures: {@code first}, doubling up to {@code max}. */
  public record Backoff(Duration first, Duration max, int maxAttempts) {
    /** 1 s, 2 s, 4 s ... 60 s; a batch's 10th failure (after about 5 minutes of them) halts it. */
    public static final Backoff DEFAULT =
        new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), 10);

    /** The wait after a batch's {@code failures}-th failure (from 1). */
    Duration after(int failures) {
      Duration d = first.multipliedBy(1L << Math.min(failures - 1, 20));
      return d.compareTo(max) > 0 ? max : d;
    }
  }

  /** The component name in {@link NodeHealth}. */
  public static final String COMPONENT = "l1-submitter";

  /** Mined submitBatch transactions that reverted (gas paid). */
  public static final String REVERTED_METRIC = "keystore_l1_submissions_reverted_total";

  /** Simulations that reverted (nothing sent). */
  public static final String SIMULATION_REVERTED_METRIC = "keystore_l1_simulations_reverted_total";

  private static final Logger LOG = LoggerFactory.getLogger(Submitter.class);
  private static final String NEXT_NONCE = "l1_next_nonce";

  /** Reverts that can pass later: the clock reaches the batch time; the root is on L1 after all. */
  private static final Set<String> TRANSIENT_ERRORS =
      Set.of("BatchTimeInFuture", "RootAlreadyRecorded");

  /** What the next send of the current attempt does, once the node refused or lost the last one. */
  private enum Redo {
    REBROADCAST,
    BUMP_GAS,
    NEW_NONCE
  }

  private final NodeStore store;
  private final RollupL1 l1;
  private final Clock clock;
  private final Duration receiptTimeout;
  private final int gasBumpPercent;
  private final long confirmations;
  private final NodeHealth health;
  private final Metrics metrics;
  private final Backoff backoff;
  private Optional<Instant> attemptSentAt = Optional.empty();
  private Optional<Redo> redo = Optional.empty();
  private Instant retryAt = Instant.MIN;
  private long failingBatch = -1;
  private int failures;
  private final Set<Long> haltChecked = new HashSet<>();
  private Optional<Bytes32> countedRevert = Optional.empty();

  public Submitter(
      NodeStore store,
      RollupL1 l1,
      Clock clock,
      Duration receiptTimeout,
      int gasBumpPercent,
      long confirmations,
      NodeHealth health,
      Metrics metrics,
      Backoff backoff) {
    this.store = store;
    this.l1 = l1;
    this.clock = clock;
    this.receiptTimeout = receiptTimeout;
    this.gasBumpPercent = gasBumpPercent;
    this.confirmations = confirmations;
    this.health = health;
    this.metrics = metrics;
    this.backoff = backoff;
    metrics.counter(REVERTED_METRIC);
    metrics.counter(SIMULATION_REVERTED_METRIC);
  }

  /** Moves the oldest PROVEN batch one step towards L1; true if it did something. */
  public boolean tick() throws Exception {
    Optional<StoredBatch> next = store.firstBatch(BatchStatus.PROVEN);
    if (next.isEmpty() || clock.instant().isBefore(retryAt)) {
      return false;
    }
    StoredBatch b = next.get();
    try {
      Optional<String> halt = store.submissionHalt(b.id());
      return halt.isPresent() ? recheck(b, halt.get()) : advance(b);
    } catch (StorageFailure | InterruptedException e) {
      throw e;
    } catch (Exception e) {
      return retryLater(b, "L1 request failed: " + e);
    }
  }

  private boolean advance(StoredBatch b) throws Exception {
    Optional<Long> onL1 = l1BlockOf(b);
    if (onL1.isPresent()) {
      for (StoredBatch member : unit(b)) {
        LOG.info("batch {} is on L1 in block {}", member.id(), onL1.get());
        store.setSubmitted(member.id(), onL1.get(), now());
      }
      attemptSentAt = Optional.empty();
      redo = Optional.empty();
      failures = 0;
      return true;
    }
    if (b.l1TxHash().isEmpty() || redoIs(Redo.NEW_NONCE)) {
      long persisted = store.meta(NEXT_NONCE).map(Long::parseLong).orElse(0L);
      return send(b, Math.max(l1.pendingNonce(), persisted), l1.gasPrice());
    }
    return follow(b);
  }

  private boolean follow(StoredBatch b) throws Exception {
    Optional<RollupL1.Receipt> receipt = l1.receipt(b.l1TxHash().orElseThrow());
    if (receipt.isPresent()) {
      if (receipt.get().succeeded()) {
        return false; // mined: the next tick sees the root
      }
      return reverted(b, receipt.get());
    }
    BigInteger price = b.l1GasPrice().orElseThrow();
    if (attemptSentAt.isEmpty() || redoIs(Redo.REBROADCAST)) {
      // after a restart or a refusal: broadcast the persisted attempt again (same nonce, same
      // price)
      return send(b, b.l1Nonce().orElseThrow(), price);
    }
    boolean timedOut = clock.instant().isAfter(attemptSentAt.get().plus(receiptTimeout));
    if (timedOut || redoIs(Redo.BUMP_GAS)) {
      BigInteger bumped =
          price.multiply(BigInteger.valueOf(100 + gasBumpPercent)).divide(BigInteger.valueOf(100));
      LOG.warn(
          "batch {}: {}; gas price {} -> {}",
          b.id(),
          timedOut ? "no receipt within " + receiptTimeout : "the last price was refused",
          price,
          bumped);
      return send(b, b.l1Nonce().orElseThrow(), bumped);
    }
    return false;
  }

  /** A mined submitBatch reverted: halts if it would revert again, else sends anew after a wait. */
  private boolean reverted(StoredBatch b, RollupL1.Receipt receipt) throws Exception {
    Bytes32 tx = b.l1TxHash().orElseThrow();
    if (!countedRevert.equals(Optional.of(tx))) {
      metrics.increment(REVERTED_METRIC);
      countedRevert = Optional.of(tx);
    }
    String what =
        "submitBatch tx " + tx.toHexString() + " reverted in L1 block " + receipt.l1Block();
    Optional<RollupL1.Revert> again = simulate(b);
    if (again.isPresent() && permanent(again.get())) {
      return halt(b, what + " and its simulation reverts with " + again.get().describe());
    }
    redo = Optional.of(Redo.NEW_NONCE);
    return retryLater(
        b,
        what
            + (again.isEmpty()
                ? ", but its simulation now succeeds (a race with another transaction?)"
                : "; its simulation reverts with " + again.get().describe() + " for now"));
  }

  private boolean send(StoredBatch b, long nonce, BigInteger gasPrice) throws Exception {
    Optional<RollupL1.Revert> revert = simulate(b);
    if (revert.isPresent() && l1BlockOf(b).isPresent()) {
      return false; // an earlier attempt landed since the last look: the next tick records it
    }
    if (revert.isPresent()) {
      String why =
          "submitBatch would revert with " + revert.get().describe() + " (simulated, nothing sent)";
      return permanent(revert.get()) ? halt(b, why) : retryLater(b, why);
    }
    RollupL1.Signed signed = l1.sign(submission(b, store), nonce, gasPrice);
    store.setL1Attempt(b.id(), nonce, gasPrice, signed.hash(), now());
    long next = store.meta(NEXT_NONCE).map(Long::parseLong).orElse(0L);
    store.putMeta(NEXT_NONCE, Long.toString(Math.max(next, nonce + 1)));
    attemptSentAt = Optional.empty(); // not broadcast until the node takes it
    redo = Optional.empty();
    Optional<String> error = l1.send(signed);
    attemptSentAt = Optional.of(clock.instant());
    if (error.isPresent()) {
      redo = Optional.of(redoAfterRefusal(error.get()));
      return retryLater(
          b, "L1 refused tx " + signed.hash() + " (nonce " + nonce + "): " + error.get());
    }
    LOG.info(
        "batch {}: submitBatch sent, nonce {}, gas price {}, tx {}",
        b.id(),
        nonce,
        gasPrice,
        signed.hash());
    return true;
  }

  private boolean redoIs(Redo r) {
    return redo.equals(Optional.of(r));
  }

  private static Redo redoAfterRefusal(String error) {
    String e = error.toLowerCase();
    if (e.contains("nonce too low")) {
      return Redo.NEW_NONCE;
    }
    return e.contains("underpriced") || e.contains("fee too low")
        ? Redo.BUMP_GAS
        : Redo.REBROADCAST;
  }

  private Optional<RollupL1.Revert> simulate(StoredBatch b) throws Exception {
    Optional<RollupL1.Revert> revert = l1.simulate(submission(b, store));
    revert.ifPresent(r -> metrics.increment(SIMULATION_REVERTED_METRIC));
    return revert;
  }

  private static boolean permanent(RollupL1.Revert revert) {
    return revert.error().map(e -> !TRANSIENT_ERRORS.contains(e)).orElse(true);
  }

  /**
   * What submits a stored batch: submitBatch of it, or, for the first batch of an aggregate,
   * submitAggregated of the aggregate's batches with its root proof; each batch named by its
   * circuit id ({@link BatchCircuits}: its size and signer scheme).
   */
  static RollupL1.Submission submission(StoredBatch b, NodeStore store) {
    if (b.aggregateId().isPresent()) {
      long id = b.aggregateId().get();
      Bytes proof =
          store
              .aggregate(id)
              .flatMap(StoredAggregate::proof)
              .orElseThrow(() -> new IllegalStateException("aggregate " + id + " has no proof"));
      return new RollupL1.AggregatedSubmission(
          store.aggregateMembers(id).stream()
              .map(
                  m ->
                      new RollupL1.AggregatedBatch(
                          BatchCircuits.of(store, m).id(),
                          m.newRoot().orElseThrow(),
                          m.newLeafCount(),
                          m.time(),
                          m.forcedCount(),
                          m.updates().orElseThrow()))
              .toList(),
          proof);
    }
    return new RollupL1.BatchSubmission(
        BatchCircuits.of(store, b).id(),
        b.newRoot().orElseThrow(),
        b.newLeafCount(),
        b.time(),
        b.forcedCount(),
        b.updates().orElseThrow(),
        b.proof().orElseThrow());
  }

  /** The batches submitted with {@code b}: its aggregate's, or {@code b} alone. */
  private List<StoredBatch> unit(StoredBatch b) {
    return b.aggregateId().map(store::aggregateMembers).orElse(List.of(b));
  }

  /**
   * A transient failure: waits before the next attempt, or halts the batch at the last one allowed.
   */
  private boolean retryLater(StoredBatch b, String reason) {
    if (failingBatch != b.id()) {
      failingBatch = b.id();
      failures = 0;
    }
    failures++;
    if (failures >= backoff.maxAttempts()) {
      return halt(b, reason + " (failure " + failures + " of this batch)");
    }
    Duration wait = backoff.after(failures);
    retryAt = clock.instant().plus(wait);
    LOG.warn(
        "batch {}: {}; retrying in {} (failure {} of at most {})",
        b.id(),
        reason,
        wait,
        failures,
        backoff.maxAttempts());
    return false;
  }

  /** Halts batch {@code b}: recorded in the store, the health and the log; nothing more is sent. */
  private boolean halt(StoredBatch b, String reason) {
    store.haltSubmission(b.id(), reason, now());
    failures = 0;
    retryAt = Instant.MIN;
    redo = Optional.empty();
    haltChecked.add(b.id());
    String alert = alert(b, reason);
    health.degrade(COMPONENT, alert);
    LOG.error(alert);
    return false;
  }

  private static String alert(StoredBatch b, String reason) {
    return "L1 submission of batch "
        + b.id()
        + " (and of every later batch) is halted: "
        + reason
        + ". Remove the cause (e.g. a verifier that rejects the node's proofs, a key that is no"
        + " sequencer, an unreachable L1), then restart the node: it simulates the batch once more and"
        + " resumes it if it passes.";
  }

  /**
   * A batch halted before: once per batch and submitter (i.e. after a restart), simulates it again
   * and resumes it if it would pass now (or is on L1 already); else it stays halted.
   */
  private boolean recheck(StoredBatch b, String reason) throws Exception {
    health.degrade(COMPONENT, alert(b, reason));
    if (haltChecked.contains(b.id())) {
      return false;
    }
    LOG.info("batch {}: submission halted before ({}); simulating it again", b.id(), reason);
    Optional<RollupL1.Revert> revert = l1BlockOf(b).isPresent() ? Optional.empty() : simulate(b);
    if (revert.isPresent() && permanent(revert.get())) {
      return halt(
          b,
          "submitBatch would revert with "
              + revert.get().describe()
              + " (simulated again after a"
              + " restart, nothing sent)");
    }
    store.resumeSubmission(b.id(), now());
    haltChecked.add(b.id());
    health.clear(COMPONENT);
    LOG.warn("batch {}: its simulation passes now; submission resumed", b.id());
    return true;
  }

  /** Finalises SUBMITTED batches deep enough; returns a dropped one to PROVEN. */
  public boolean followFinality() throws Exception {
    boolean progressed = false;
    for (StoredBatch b : store.batchesIn(BatchStatus.SUBMITTED)) {
      Optional<Long> onL1 = l1BlockOf(b);
      if (onL1.isEmpty()) {
        LOG.warn("batch {}: it left L1 (reorg); submitting again", b.id());
        store.setStatus(b.id(), BatchStatus.PROVEN, now());
        attemptSentAt = Optional.empty(); // its transaction left with it: broadcast it again now
        progressed = true;
      } else if (l1.blockNumber() - onL1.get() >= confirmations) {
        store.setStatus(b.id(), BatchStatus.FINALISED, now());
        LOG.info("batch {} finalised (L1 block {})", b.id(), onL1.get());
        progressed = true;
      }
    }
    return progressed;
  }

  /**
   * The L1 block that holds batch {@code b}, if L1 has it: where its new root was recorded; or, for
   * a batch that changed nothing (its transactions are all forced ones rejected by proof, so its
   * root is the previous one), whether L1's force queue has moved past its forced transactions (the
   * block is then its transaction's; else the one recorded at submission, or for a batch not
   * recorded SUBMITTED yet, e.g. again after a reorg, the current one).
   */
  private Optional<Long> l1BlockOf(StoredBatch batch) throws Exception {
    // An aggregate is on L1 as a whole, at its final root (L1 records no other); its submission
    // is followed on its first batch.
    List<StoredBatch> unit = unit(batch);
    StoredBatch b = unit.getFirst();
    Optional<Bytes32> finalRoot = unit.getLast().newRoot();
    if (!b.oldRoot().equals(finalRoot)) {
      RollupL1.RootInfo info = l1.rootInfo(finalRoot.orElseThrow());
      return info.recorded() ? Optional.of(info.l1Block()) : Optional.empty();
    }
    long lastForced =
        unit.stream()
            .flatMap(m -> store.forcedOf(m.id()).stream())
            .mapToLong(f -> f.queueIndex())
            .max()
            .orElse(Long.MAX_VALUE);
    if (lastForced == Long.MAX_VALUE || l1.forceHead() <= lastForced) {
      return Optional.empty();
    }
    Optional<Long> mined =
        b.l1TxHash().isPresent()
            ? l1.receipt(b.l1TxHash().get())
                .filter(RollupL1.Receipt::succeeded)
                .map(RollupL1.Receipt::l1Block)
            : Optional.empty();
    if (mined.isPresent()) {
      return mined;
    }
    return b.status() == BatchStatus.SUBMITTED && b.l1Block().isPresent()
        ? b.l1Block()
        : Optional.of(l1.blockNumber());
  }

  private long now() {
    return clock.instant().getEpochSecond();
  }
}
