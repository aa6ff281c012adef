package io.keystore.node.l1;

import static org.assertj.core.api.Assertions.assertThat;

import io.keystore.node.MovableClock;
import io.keystore.node.core.NodeHealth;
import io.keystore.node.rpc.Metrics;
import io.keystore.node.storage.BatchRecord;
import io.keystore.node.storage.BatchStatus;
import io.keystore.node.storage.ForcedTxStatus;
import io.keystore.node.storage.NodeStore;
import io.keystore.node.storage.StoredAggregate;
import io.keystore.node.storage.StoredBatch;
import io.keystore.node.storage.StoredForcedTx;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.LongStream;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The submitter's failure paths on a fake L1 ({@link FakeRollupL1}): a send that is not mined, a
 * mined revert, a reorg that forgets a root, a batch of forced transactions only, an endpoint that
 * goes down. In each, every batch ends up on L1 exactly once and the node's records agree with L1.
 */
class SubmitterFailurePathsTest {

  private static final Duration RECEIPT_TIMEOUT = Duration.ofSeconds(20);
  private static final long CONFIRMATIONS = 2;
  private static final Bytes32 GENESIS = root(0);

  @TempDir Path dir;
  private NodeStore store;
  private final FakeRollupL1 l1 = new FakeRollupL1(GENESIS, 1_000);
  private final MovableClock clock = new MovableClock(Instant.parse("2025-01-01T00:00:00Z"));
  private final NodeHealth health = new NodeHealth();
  private Submitter submitter;

  @BeforeEach
  void open() {
    store = NodeStore.open(dir);
    submitter = newSubmitter();
  }

  @AfterEach
  void close() {
    store.close();
  }

  // ------------------------------------------------------------------ 1. not mined: bumped

  @Test
  void aSendLeftUnminedIsReplacedAtTheSameNonceWithAHigherFeeAndLandsOnce() throws Exception {
    l1.automine(false);
    storeBatch(1, List.of());

    submitter.tick();
    StoredBatch first = store.batch(1).orElseThrow();
    assertThat(l1.pending()).isEqualTo(1);
    step(RECEIPT_TIMEOUT.minusSeconds(1));
    assertThat(l1.broadcasts()).as("no bump before the timeout").isEqualTo(1);
    step(Duration.ofSeconds(2));

    StoredBatch bumped = store.batch(1).orElseThrow();
    assertThat(l1.broadcasts()).isEqualTo(2);
    assertThat(l1.pending()).as("the replacement took the first one's place").isEqualTo(1);
    assertThat(bumped.l1Nonce()).isEqualTo(first.l1Nonce());
    assertThat(bumped.l1GasPrice())
        .contains(
            FakeRollupL1.GAS_PRICE
                .multiply(BigInteger.valueOf(125))
                .divide(BigInteger.valueOf(100)));
    assertThat(bumped.l1TxHash()).isNotEqualTo(first.l1TxHash());

    l1.mine();
    runUntilFinal(1);
    assertEachBatchOnL1Once(1);
    assertThat(l1.broadcasts()).isEqualTo(2);
  }

  @Test
  void aSendDroppedFromThePoolIsSentAgainAtTheSameNonceAfterTheTimeout() throws Exception {
    l1.automine(false);
    storeBatch(1, List.of());
    storeBatch(2, List.of());
    submitter.tick();
    long nonce = store.batch(1).orElseThrow().l1Nonce().orElseThrow();
    l1.dropPool();

    step(RECEIPT_TIMEOUT.plusSeconds(1));
    assertThat(l1.pending()).isEqualTo(1);
    assertThat(store.batch(1).orElseThrow().l1Nonce()).contains(nonce);
    l1.automine(true);
    l1.mine();

    runUntilFinal(2);
    assertEachBatchOnL1Once(2);
  }

  @Test
  void aRestartWhileAReplacementIsPendingFollowsItAndSendsNothingNew() throws Exception {
    l1.automine(false);
    storeBatch(1, List.of());
    submitter.tick();
    step(RECEIPT_TIMEOUT.plusSeconds(1));
    assertThat(l1.broadcasts()).isEqualTo(2);

    submitter = newSubmitter();
    submitter.tick();
    assertThat(l1.broadcasts()).as("the pending replacement is known to L1").isEqualTo(2);
    l1.mine();

    runUntilFinal(1);
    assertEachBatchOnL1Once(1);
  }

  // ------------------------------------------------------------------ 2. mined, reverted

  @Test
  void aMinedRevertWhoseSimulationPassesIsSentOnceMoreWithTheNextNonce() throws Exception {
    storeBatch(1, List.of());
    l1.revertNextMined();

    submitter.tick();
    long firstNonce = store.batch(1).orElseThrow().l1Nonce().orElseThrow();
    assertThat(l1.minedReverts()).isEqualTo(1);

    runUntilFinal(1);
    assertEachBatchOnL1Once(1);
    assertThat(l1.broadcasts()).isEqualTo(2);
    assertThat(store.batch(1).orElseThrow().l1Nonce()).contains(firstNonce + 1);
    assertThat(l1.minedReverts()).isEqualTo(1);
  }

  // ------------------------------------------------------------------ 3. reorg

  @Test
  void batchesAReorgForgetsAreNoticedAndEachResubmittedOnce() throws Exception {
    storeBatch(1, List.of());
    storeBatch(2, List.of());
    int beforeBatches = l1.snapshot();
    submitter.tick();
    submitter.tick();
    submitter.tick();
    submitter.tick();
    assertThat(store.batch(2).orElseThrow().status()).isEqualTo(BatchStatus.SUBMITTED);
    assertThat(l1.recorded()).hasSize(2);

    l1.revertTo(beforeBatches, 3);
    assertThat(l1.recorded()).isEmpty();
    submitter.followFinality();
    assertThat(store.batch(1).orElseThrow().status()).isEqualTo(BatchStatus.PROVEN);
    assertThat(store.batch(2).orElseThrow().status()).isEqualTo(BatchStatus.PROVEN);
    step(Duration.ofSeconds(1));
    assertThat(l1.broadcasts())
        .as("the forgotten send broadcast again at once, not after the receipt timeout")
        .isEqualTo(3);

    runUntilFinal(2);
    assertEachBatchOnL1Once(2);
    assertThat(l1.broadcasts()).as("two sends, two re-sends").isEqualTo(4);
  }

  // ------------------------------------------------------------------ aggregates

  @Test
  void anAggregateLandsInOneTransactionAtItsFinalRootAndAReorgResubmitsItWhole() throws Exception {
    storeAggregate(1, 3);
    assertThat(Submitter.submission(store.batch(1).orElseThrow(), store))
        .isInstanceOf(RollupL1.AggregatedSubmission.class);
    int before = l1.snapshot();
    submitter.tick();
    submitter.tick();
    submitter.tick();
    for (long id = 1; id <= 3; id++) {
      assertThat(status(id)).as("batch %d", id).isEqualTo(BatchStatus.SUBMITTED);
    }
    assertThat(l1.broadcasts()).as("one send for the three batches").isEqualTo(1);
    assertThat(l1.recorded()).hasSize(3);
    assertThat(l1.rootInfo(root(2)).recorded()).as("an intermediate root").isFalse();

    l1.revertTo(before, 3);
    submitter.followFinality();
    for (long id = 1; id <= 3; id++) {
      assertThat(status(id)).as("batch %d after the reorg", id).isEqualTo(BatchStatus.PROVEN);
    }
    runUntilFinal(3);
    assertThat(l1.broadcasts()).as("the aggregate sent once more, whole").isEqualTo(2);
    assertThat(l1.recorded()).hasSize(3);
    long block = l1.rootInfo(root(3)).l1Block();
    for (long id = 1; id <= 3; id++) {
      assertThat(store.batch(id).orElseThrow().l1Block()).contains(block);
    }
  }

  @Test
  void aBatchAfterAnAggregateIsSubmittedAfterIt() throws Exception {
    storeAggregate(1, 2);
    storeBatch(3, List.of());
    runUntilFinal(3);
    assertThat(l1.recorded()).hasSize(3);
    assertThat(l1.broadcasts()).isEqualTo(2);
  }

  /** Batches {@code first..last} proven as leaves and aggregated: PROVEN, with one root proof. */
  private void storeAggregate(long first, long last) throws Exception {
    for (long id = first; id <= last; id++) {
      storeBatch(id, List.of());
      store.setLeafProof(id, Bytes.of(9), root(100 + id), l1.latestBlockTime());
    }
    assertThat(store.leavesWithoutAggregate()).hasSize((int) (last - first + 1));
    store.createAggregate(first, last, l1.latestBlockTime());
    assertThat(store.unprovenAggregates()).isNotEmpty();
    store.putAggregateNode(
        first,
        new StoredAggregate.Position(1, 0),
        new StoredAggregate.NodeProof(Bytes.of(1), root(200)),
        l1.latestBlockTime());
    assertThat(store.aggregateNodes(first)).hasSize(1);
    store.setAggregateProof(first, Bytes.of(8), l1.latestBlockTime());
    assertThat(store.unprovenAggregates()).isEmpty();
    for (long id = first; id <= last; id++) {
      assertThat(status(id)).isEqualTo(BatchStatus.PROVEN);
    }
  }

  // ------------------------------------------------------------------ 4. forced only

  @Test
  void aBatchOfForcedTransactionsOnlyThatKeepsTheRootLandsOnceAndIsFinalised() throws Exception {
    l1.queueForced(1);
    storeBatch(1, List.of(0L));
    storeBatch(2, List.of());

    runUntilFinal(2);
    assertEachBatchOnL1Once(2);
    assertThat(l1.forceHead()).isEqualTo(1);
  }

  @Test
  void aForcedOnlyBatchThatLandsWhileItsReplacementIsSimulatedIsNotHalted() throws Exception {
    l1.automine(false);
    l1.queueForced(1);
    storeBatch(1, List.of(0L));
    submitter.tick();
    l1.beforeNextSimulation(l1::mine); // the first send is mined just before the bump's simulation

    step(RECEIPT_TIMEOUT.plusSeconds(1));
    l1.automine(true);

    assertThat(store.submissionHalt(1)).isEmpty();
    runUntilFinal(1);
    assertEachBatchOnL1Once(1);
  }

  @Test
  void aForcedOnlyBatchAReorgForgetsIsResubmittedOnce() throws Exception {
    l1.queueForced(2);
    int queued = l1.snapshot();
    storeBatch(1, List.of(0L, 1L));
    submitter.tick();
    submitter.tick();
    assertThat(store.batch(1).orElseThrow().status()).isEqualTo(BatchStatus.SUBMITTED);

    l1.revertTo(queued, 3);
    assertThat(l1.forceHead()).isZero();
    runUntilFinal(1);

    assertEachBatchOnL1Once(1);
    assertThat(l1.broadcasts()).isEqualTo(2);
  }

  // ------------------------------------------------------------------ 5. endpoint down

  @Test
  void anL1DownForAWhileDelaysTheBatchWhichLandsOnceWhenItIsBack() throws Exception {
    storeBatch(1, List.of());
    l1.down();
    for (int i = 0; i < 5; i++) {
      step(Duration.ofSeconds(1L << i));
    }
    assertThat(store.submissionHalt(1)).isEmpty();
    assertThat(l1.broadcasts()).isZero();

    l1.up();
    runUntilFinal(1);
    assertEachBatchOnL1Once(1);
    assertThat(l1.broadcasts()).isEqualTo(1);
  }

  @Test
  void aSendWhoseReplyIsLostWhenL1GoesDownIsNotSentTwice() throws Exception {
    l1.automine(false);
    storeBatch(1, List.of());
    l1.loseNextSendReply();

    submitter.tick(); // reaches the pool; the reply does not reach the node
    l1.down();
    step(Duration.ofSeconds(1));
    step(Duration.ofSeconds(2));
    l1.up();
    step(Duration.ofSeconds(4));
    assertThat(l1.broadcasts()).isEqualTo(1);
    l1.automine(true);
    l1.mine();

    runUntilFinal(1);
    assertEachBatchOnL1Once(1);
  }

  // ------------------------------------------------------------------ helpers

  private Submitter newSubmitter() {
    return new Submitter(
        store,
        l1,
        clock,
        RECEIPT_TIMEOUT,
        25,
        CONFIRMATIONS,
        health,
        new Metrics(),
        Submitter.Backoff.DEFAULT);
  }

  private static Bytes32 root(long id) {
    return Bytes32.leftPad(Bytes.ofUnsignedLong(1000 + id));
  }

  /**
   * Stores batch {@code id} as PROVEN on top of batch {@code id - 1}: with {@code forced} queue
   * indexes only, it keeps its parent's root (they are rejected by proof), else it has a root of
   * its own.
   */
  private void storeBatch(long id, List<Long> forced) throws Exception {
    long time = l1.latestBlockTime();
    Bytes32 parent = id == 1 ? GENESIS : store.batch(id - 1).orElseThrow().newRoot().orElseThrow();
    Bytes32 newRoot = forced.isEmpty() ? root(id) : parent;
    long forceHead =
        store.batchesIn(BatchStatus.PROVEN).stream().mapToLong(StoredBatch::forcedCount).sum();
    for (long index : forced) {
      store.insertForced(
          new StoredForcedTx(
              index,
              Bytes32.leftPad(Bytes.ofUnsignedLong(index + 7)),
              Bytes.of(1),
              Bytes.EMPTY,
              Bytes32.leftPad(Bytes.ofUnsignedLong(index + 1)),
              time,
              1,
              ForcedTxStatus.QUEUED,
              Optional.empty(),
              Optional.empty(),
              Optional.empty()));
    }
    store.planBatch(id, time, id - 1, 1, forced, List.of(), time);
    store.recordBatch(
        new BatchRecord(
            id,
            BatchStatus.BATCHED,
            parent,
            newRoot,
            id,
            id + 1,
            Bytes.repeat((byte) 7, 52),
            Bytes.EMPTY),
        List.of(),
        time);
    store.setProof(id, FakeRollupL1.proofFor(parent, forceHead), time);
  }

  /** One stage step after {@code d}: L1 mines a block (when automine is on it mined on send). */
  private void step(Duration d) throws Exception {
    clock.advance(d);
    submitter.tick();
    submitter.followFinality();
  }

  /** Ticks (and mines a block a step) until batches 1..{@code last} are FINALISED. */
  private void runUntilFinal(long last) throws Exception {
    for (int i = 0; i < 200; i++) {
      if (LongStream.rangeClosed(1, last).allMatch(id -> status(id) == BatchStatus.FINALISED)) {
        return;
      }
      step(Duration.ofSeconds(1));
      l1.mine();
    }
    throw new AssertionError(
        "batches not final: "
            + LongStream.rangeClosed(1, last).mapToObj(this::status).toList()
            + "; halt: "
            + store.submissionHalt(1));
  }

  private BatchStatus status(long id) {
    return store.batch(id).orElseThrow().status();
  }

  /**
   * L1 holds batches 1..{@code last}, each once and in order, and the node's records say where:
   * FINALISED, in the block L1 recorded each root at, none halted.
   */
  private void assertEachBatchOnL1Once(long last) throws Exception {
    List<StoredBatch> batches =
        LongStream.rangeClosed(1, last).mapToObj(id -> store.batch(id).orElseThrow()).toList();
    assertThat(l1.recorded())
        .containsExactlyElementsOf(
            batches.stream()
                .map(b -> (RollupL1.BatchSubmission) Submitter.submission(b, store))
                .toList());
    for (StoredBatch b : batches) {
      assertThat(b.status()).isEqualTo(BatchStatus.FINALISED);
      assertThat(store.submissionHalt(b.id())).isEmpty();
      long block =
          b.oldRoot().equals(b.newRoot())
              ? l1.receipt(b.l1TxHash().orElseThrow()).orElseThrow().l1Block()
              : l1.rootInfo(b.newRoot().orElseThrow()).l1Block();
      assertThat(b.l1Block()).as("batch %d's L1 block", b.id()).contains(block);
    }
    assertThat(l1.latestRoot()).isEqualTo(batches.getLast().newRoot().orElseThrow());
    assertThat(health.healthy()).isTrue();
  }
}
