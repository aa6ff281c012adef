package io.keystore.node.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.keystore.node.core.StateAccess;
import io.keystore.node.storage.BatchRecord;
import io.keystore.node.storage.BatchStatus;
import io.keystore.node.storage.ForcedTxStatus;
import io.keystore.node.storage.NodeStore;
import io.keystore.node.storage.StoredBatch;
import io.keystore.node.storage.StoredForcedTx;
import io.keystore.node.storage.TxResult;
import io.keystore.state.crypto.Address;
import io.keystore.state.crypto.Eip712Domain;
import io.keystore.state.storage.H2StateStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The receipt rules, a node batch's state batch and a root's state batch, over real stores. */
class NodeQueriesTest {

  private static final Eip712Domain DOMAIN =
      Eip712Domain.keystore(31337, Address.fromHex("0x5FbDB2315678afecb367f032d93F642f64180aa3"));

  @TempDir Path dir;
  private NodeStore store;
  private H2StateStore stateStore;
  private StateAccess state;
  private NodeQueries queries;

  @BeforeEach
  void open() {
    store = NodeStore.open(dir);
    stateStore = H2StateStore.open(dir.resolve("state"));
    state = new StateAccess(stateStore, DOMAIN);
    queries = new NodeQueries(store, state);
  }

  @AfterEach
  void close() {
    stateStore.close();
    store.close();
  }

  private static Bytes32 hash(int i) {
    return Bytes32.leftPad(Bytes.of(0x11, i));
  }

  private static Bytes32 root(int i) {
    return Bytes32.leftPad(Bytes.of(0x22, i));
  }

  private void admit(int... ids) {
    for (int i : ids) {
      store.insertPendingAll(List.of(new NodeStore.NewTx(hash(i), 0, Bytes.of(i), i)));
    }
  }

  private void record(long batch, List<TxResult> results) {
    store.recordBatch(
        new BatchRecord(
            batch, BatchStatus.BATCHED, root(0), root((int) batch), 1, 2, Bytes.EMPTY, Bytes.EMPTY),
        results,
        1);
  }

  @Test
  void aTransactionIsPendingUntilItsBatchIsAppliedThenFollowsItsBatch() {
    admit(1, 2);
    assertThat(queries.receipt(hash(1)).orElseThrow().status()).isEqualTo(ReceiptStatus.PENDING);
    assertThat(queries.receipt(hash(1)).orElseThrow().batch()).isEmpty();

    store.planBatch(1, 1, 0, 4, List.of(1L, 2L), 1);
    TxReceipt planned = queries.receipt(hash(1)).orElseThrow();
    assertThat(planned.status()).isEqualTo(ReceiptStatus.PENDING);
    assertThat(planned.batch().map(StoredBatch::nodeBatch)).contains(1L);
    assertThat(planned.batch().flatMap(StoredBatch::stateBatch)).isEmpty();

    record(1, List.of(TxResult.batched(1), TxResult.rejected(2, "BAD_NONCE", "nonce")));
    TxReceipt batched = queries.receipt(hash(1)).orElseThrow();
    assertThat(batched.status()).isEqualTo(ReceiptStatus.BATCHED);
    assertThat(batched.includedIn().flatMap(StoredBatch::stateBatch)).contains(1L);

    TxReceipt rejected = queries.receipt(hash(2)).orElseThrow();
    assertThat(rejected.status()).isEqualTo(ReceiptStatus.REJECTED);
    assertThat(rejected.reason()).contains("BAD_NONCE");
    assertThat(rejected.batch().map(StoredBatch::nodeBatch)).contains(1L);
    assertThat(rejected.includedIn()).isEmpty();

    store.setProof(1, Bytes.of(1), 2);
    assertThat(queries.receipt(hash(1)).orElseThrow().status()).isEqualTo(ReceiptStatus.PROVEN);
    store.setSubmitted(1, 9, 3);
    assertThat(queries.receipt(hash(1)).orElseThrow().status()).isEqualTo(ReceiptStatus.SUBMITTED);
    store.setStatus(1, BatchStatus.FINALISED, 4);
    assertThat(queries.receipt(hash(1)).orElseThrow().status()).isEqualTo(ReceiptStatus.FINALISED);
    assertThat(queries.receipt(hash(1)).orElseThrow().status().jsonName()).isEqualTo("finalised");
  }

  @Test
  void aReceiptsNodeBatchIsWhatBatchLookupTakes() {
    admit(1);
    store.planBatch(1, 1, 0, 4, List.of(1L), 1);
    record(1, List.of(TxResult.batched(1)));
    long nodeBatch = queries.receipt(hash(1)).orElseThrow().batch().orElseThrow().nodeBatch();
    assertThat(queries.batch(nodeBatch).map(StoredBatch::newRoot)).contains(Optional.of(root(1)));
  }

  @Test
  void aForcedCopyInALaterBatchIsTheReceipt() {
    admit(1);
    store.planBatch(1, 1, 0, 4, List.of(1L), 1);
    record(1, List.of(TxResult.batched(1)));
    store.insertForced(
        new StoredForcedTx(
            0,
            hash(1),
            Bytes.of(1),
            Bytes.EMPTY,
            hash(9),
            5,
            1,
            ForcedTxStatus.QUEUED,
            Optional.empty(),
            Optional.empty(),
            Optional.empty()));
    TxReceipt queued = queries.receipt(hash(1)).orElseThrow();
    assertThat(queued.forced()).isPresent(); // in no batch yet: the latest copy
    assertThat(queued.status()).isEqualTo(ReceiptStatus.PENDING);

    store.planBatch(2, 2, 1, 4, List.of(0L), List.of(), 2);
    store.recordBatch(
        new BatchRecord(2, BatchStatus.BATCHED, root(1), root(2), 2, 2, Bytes.EMPTY, Bytes.EMPTY),
        List.of(TxResult.rejected(0, "NOT_OWNER", "no")),
        List.of(),
        3);
    TxReceipt forced = queries.receipt(hash(1)).orElseThrow();
    assertThat(forced.forced().orElseThrow().queueIndex()).isZero();
    assertThat(forced.status()).isEqualTo(ReceiptStatus.REJECTED);
    assertThat(queries.receipt(hash(5))).isEmpty();
  }

  @Test
  void aRootIsFoundAtTheStateBatchTheStateHoldsItAt() {
    Bytes32 genesis = state.root();
    assertThat(queries.stateBatchWithRoot(genesis)).contains(0L);
    assertThat(queries.stateBatchWithRoot(root(42))).isEmpty();
    // a batch the node records whose root the state does not hold is no answer
    store.planBatch(1, 1, 0, 4, List.of(), 1);
    record(1, List.of());
    assertThat(queries.stateBatchWithRoot(root(1))).isEmpty();
  }

  @Test
  void aBatchThatAppliedNothingRepeatsTheRootOfTheStateBatchItStartedFrom() {
    // a forced-only batch whose transactions were all rejected by proof: its new root is its old
    // root, and the state made no batch for it
    Bytes32 genesis = state.root();
    store.planBatch(1, 1, 0, 4, List.of(), 1);
    store.recordBatch(
        new BatchRecord(1, BatchStatus.BATCHED, genesis, genesis, 1, 1, Bytes.EMPTY, Bytes.EMPTY),
        List.of(),
        1);
    assertThat(queries.stateBatchWithRoot(genesis)).contains(0L);
    assertThat(store.recordedStateBatch())
        .as("the records end where the state does: the next batch plans on state batch 0")
        .isZero();
  }

  @Test
  void theBatchesPerStageAreCountedInPipelineOrder() {
    store.planBatch(1, 1, 0, 4, List.of(), 1);
    record(1, List.of());
    assertThat(queries.batchesPerStage())
        .containsExactly(
            java.util.Map.entry(BatchStatus.BATCHED, 1L),
            java.util.Map.entry(BatchStatus.AGGREGATING, 0L),
            java.util.Map.entry(BatchStatus.PROVEN, 0L),
            java.util.Map.entry(BatchStatus.SUBMITTED, 0L),
            java.util.Map.entry(BatchStatus.FINALISED, 0L));
    assertThat(queries.pendingTransactions()).isZero();
  }

  @Test
  void everyBatchOfAnAggregateShowsTheL1TransactionOfTheAggregate() {
    for (long id = 1; id <= 2; id++) {
      store.planBatch(id, id, id - 1, 1, List.of(), 1);
      record(id, List.of());
      store.setLeafProof(id, Bytes.of(1), root(100 + (int) id), 2);
    }
    store.createAggregate(1, 2, 3);
    store.setAggregateProof(1, Bytes.of(7), 4);
    Bytes32 l1Tx = hash(0x77);
    store.setL1Attempt(1, 0, java.math.BigInteger.ONE, l1Tx, 5); // the aggregate's, on its first

    assertThat(queries.batch(1).orElseThrow().l1TxHash()).contains(l1Tx);
    assertThat(queries.batch(2).orElseThrow().l1TxHash())
        .as("the second batch of the aggregate")
        .contains(l1Tx);
  }

  @Test
  void aBatchSentAloneHasNoL1TransactionBeforeItsAttempt() {
    store.planBatch(1, 1, 0, 1, List.of(), 1);
    record(1, List.of());
    assertThat(queries.batch(1).orElseThrow().l1TxHash()).isEmpty();
  }
}
