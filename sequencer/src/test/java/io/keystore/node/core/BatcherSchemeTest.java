package io.keystore.node.core;

import static io.keystore.node.core.MempoolTest.DOMAIN;
import static io.keystore.node.core.MempoolTest.raw;
import static io.keystore.node.core.SchemeTransactions.finalise;
import static io.keystore.node.core.SchemeTransactions.p256;
import static io.keystore.node.core.SchemeTransactions.secp256k1;
import static io.keystore.node.core.SchemeTransactions.webauthn;
import static org.assertj.core.api.Assertions.assertThat;

import io.keystore.node.storage.ForcedTxStatus;
import io.keystore.node.storage.NodeStore;
import io.keystore.node.storage.StoredBatch;
import io.keystore.node.storage.StoredForcedTx;
import io.keystore.node.storage.StoredTx;
import io.keystore.state.proof.BatchCircuit;
import io.keystore.state.tx.ForcedTransaction;
import io.keystore.state.tx.Transaction;
import io.keystore.state.tx.TxCodec;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.Test;

/**
 * The batcher cuts its batches by signer scheme (docs/spec/proof.md §9): the pending rows are put
 * in the store directly (the mempool's state transition refuses passkey signatures for now, as the
 * batch's application does: these tests look at what each batch was planned with, its transactions
 * and its circuit, not at what it applied).
 */
class BatcherSchemeTest extends MempoolOnH2 {

  final MovableClock clock = new MovableClock();

  BatcherSchemeTest() {
    super(1000);
  }

  @Override
  Clock clock() {
    return clock;
  }

  Batcher batcher(int maxSlots, Duration maxWait) {
    return new Batcher(
        store, state, mempool, clock, () -> clock.now.getEpochSecond(), maxSlots, maxWait);
  }

  /** Stores the transactions as pending, in order, as the mempool would have admitted them. */
  void pending(Transaction... txs) {
    List<NodeStore.NewTx> rows = new ArrayList<>();
    for (Transaction tx : txs) {
      rows.add(new NodeStore.NewTx(TxCodec.hash(tx), 0, raw(tx), clock.now.getEpochSecond()));
    }
    store.insertPendingAll(rows);
    mempool.rebuildView();
  }

  /** The last planned batch: its transactions' hashes and its circuit. */
  record Planned(List<Bytes32> txs, int forced, BatchCircuit circuit) {}

  Planned lastBatch() {
    StoredBatch b = store.batch(store.lastBatchId()).orElseThrow();
    return new Planned(
        store.txsOf(b.id()).stream().map(StoredTx::hash).toList(),
        b.forcedCount(),
        BatchCircuits.of(store, b));
  }

  static List<Bytes32> hashes(Transaction... txs) {
    return java.util.Arrays.stream(txs).map(TxCodec::hash).toList();
  }

  @Test
  void mixedSchemesGoInBatchesOfTheirOwnCircuit() {
    Transaction s1 = secp256k1("s1");
    Transaction s2 = secp256k1("s2");
    Transaction p = p256("p");
    Transaction w = webauthn("w");
    Transaction f = finalise("f");
    Transaction s3 = secp256k1("s3");
    pending(s1, s2, p, w, f, s3);
    Batcher b = batcher(4, Duration.ofHours(1));

    // each cut by the next transaction's scheme: due at once, though none is full or old
    assertThat(b.tick()).isTrue();
    assertThat(lastBatch()).isEqualTo(new Planned(hashes(s1, s2), 0, BatchCircuit.secp256k1(4)));
    assertThat(b.tick()).isTrue();
    assertThat(lastBatch()).isEqualTo(new Planned(hashes(p), 0, BatchCircuit.fromId(257)));
    assertThat(b.tick()).isTrue();
    assertThat(lastBatch()).isEqualTo(new Planned(hashes(w), 0, BatchCircuit.fromId(513)));
    assertThat(store.batch(store.lastBatchId()).orElseThrow().slots())
        .as("a passkey batch has one slot whatever --max-slots says")
        .isEqualTo(1);

    // the finalise and the last secp256k1 transaction: a part batch, which waits
    assertThat(b.tick()).isFalse();
    clock.now = clock.now.plusSeconds(3600);
    assertThat(b.tick()).isTrue();
    assertThat(lastBatch()).isEqualTo(new Planned(hashes(f, s3), 0, BatchCircuit.secp256k1(4)));
    assertThat(store.countUnbatched()).isZero();
  }

  @Test
  void aLonePasskeyTransactionIsCutAtOnce() {
    Transaction p = p256("alone");
    pending(p);

    assertThat(batcher(16, Duration.ofHours(1)).tick()).isTrue();

    assertThat(lastBatch())
        .isEqualTo(new Planned(hashes(p), 0, BatchCircuit.fromName("batch-1-p256")));
  }

  @Test
  void aFinaliseBeforeAPasskeyTransactionGoesInASecp256k1BatchAndOneAfterItWaitsForTheNext() {
    Transaction f1 = finalise("f1");
    Transaction w = webauthn("w");
    Transaction f2 = finalise("f2");
    pending(f1, w, f2);
    Batcher b = batcher(4, Duration.ZERO);

    assertThat(b.tick()).isTrue();
    assertThat(lastBatch()).isEqualTo(new Planned(hashes(f1), 0, BatchCircuit.secp256k1(4)));
    assertThat(b.tick()).isTrue();
    assertThat(lastBatch()).isEqualTo(new Planned(hashes(w), 0, BatchCircuit.fromId(513)));
    assertThat(b.tick()).isTrue();
    assertThat(lastBatch()).isEqualTo(new Planned(hashes(f2), 0, BatchCircuit.secp256k1(4)));
  }

  @Test
  void forcedTransactionsGoFirstInASecp256k1BatchThatLeavesAPasskeyOneForTheNext()
      throws Exception {
    Transaction forced = finalise("forced");
    store.insertForced(
        new StoredForcedTx(
            0,
            TxCodec.hash(forced),
            raw(forced),
            Bytes.EMPTY,
            ForcedTransaction.validate(raw(forced), Bytes.EMPTY, DOMAIN).forceId(),
            clock.now.getEpochSecond(),
            1,
            ForcedTxStatus.QUEUED,
            Optional.empty(),
            Optional.empty(),
            Optional.empty()));
    Transaction p = p256("p");
    Transaction s = secp256k1("s");
    pending(p, s);
    Batcher b = batcher(4, Duration.ZERO);

    assertThat(b.tick()).isTrue();
    assertThat(lastBatch()).isEqualTo(new Planned(List.of(), 1, BatchCircuit.secp256k1(4)));
    assertThat(b.tick()).isTrue();
    assertThat(lastBatch()).isEqualTo(new Planned(hashes(p), 0, BatchCircuit.fromId(257)));
    assertThat(b.tick()).isTrue();
    assertThat(lastBatch()).isEqualTo(new Planned(hashes(s), 0, BatchCircuit.secp256k1(4)));
  }
}
