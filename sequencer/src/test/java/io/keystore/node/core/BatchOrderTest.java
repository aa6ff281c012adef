package io.keystore.node.core;

import static io.keystore.node.core.MempoolLimitsTest.approval;
import static io.keystore.node.core.MempoolLimitsTest.creationOf;
import static io.keystore.node.core.MempoolLimitsTest.guarded;
import static io.keystore.node.core.MempoolLimitsTest.keepSettings;
import static io.keystore.node.core.MempoolTest.SIGNING;
import static io.keystore.node.core.MempoolTest.create;
import static io.keystore.node.core.MempoolTest.keep;
import static io.keystore.node.core.MempoolTest.key;
import static io.keystore.node.core.MempoolTest.raw;
import static org.assertj.core.api.Assertions.assertThat;

import io.keystore.node.storage.StoredTx;
import io.keystore.node.storage.TxStatus;
import io.keystore.state.account.AccountCreation;
import io.keystore.state.crypto.PrivateKey;
import io.keystore.state.tx.Transaction;
import io.keystore.state.tx.TxCodec;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Which pending transactions a batch takes: those of existing accounts first, then creations and
 * what follows them, each account's in admission order, so that the batch applies what the mempool
 * admitted (nothing rejected for the order).
 */
class BatchOrderTest extends MempoolOnH2 {

  static final PrivateKey OWNER = key("order owner");
  static final PrivateKey GUARDIAN = key("order guardian");

  final MovableClock clock = new MovableClock();
  AccountCreation existing;

  BatchOrderTest() {
    super(1000);
  }

  @Override
  Clock clock() {
    return clock;
  }

  Batcher batcher(int maxSlots) {
    return new Batcher(
        store,
        state,
        mempool,
        clock,
        () -> clock.now.getEpochSecond(),
        maxSlots,
        Duration.ZERO,
        1,
        new NodeHealth());
  }

  void admit(Transaction tx) {
    assertThat(mempool.submit(raw(tx))).isEqualTo(new Admission.Accepted(TxCodec.hash(tx), false));
  }

  List<Bytes32> lastBatch() {
    return store.txsOf(store.lastBatchId()).stream().map(StoredTx::hash).toList();
  }

  void proveLastBatch() {
    store.setProof(
        store.lastBatchId(), org.apache.tuweni.bytes.Bytes.of(1), clock.now.getEpochSecond());
  }

  @BeforeEach
  void anExistingAccount() {
    existing = guarded(21, OWNER, GUARDIAN);
    admit(creationOf(existing, OWNER));
    assertThat(batcher(1).tick()).isTrue();
    proveLastBatch();
  }

  @Test
  void creationsTakeTheSlotsExistingAccountsLeave() {
    for (int i = 0; i < 6; i++) {
      admit(create(SIGNING, "slot " + i));
    }
    Transaction approve = approval(existing, GUARDIAN, key("slot new owner"));
    admit(approve);

    assertThat(batcher(4).tick()).isTrue();

    assertThat(lastBatch())
        .containsExactly( // in admission order, as the batch applies them
            TxCodec.hash(create(SIGNING, "slot 0")), TxCodec.hash(create(SIGNING, "slot 1")),
            TxCodec.hash(create(SIGNING, "slot 2")), TxCodec.hash(approve));
    assertThat(store.txsOf(store.lastBatchId()))
        .extracting(StoredTx::status)
        .containsOnly(TxStatus.BATCHED);
  }

  @Test
  void aNewAccountsLaterTransactionStaysBehindItsCreationWhileAnExistingAccountsGoesFirst() {
    Transaction bobCreates = create(SIGNING, "bob");
    Transaction bobUpdates = keep("bob", 1);
    Transaction existingUpdates = keepSettings(existing, OWNER, 1);
    admit(bobCreates);
    admit(bobUpdates);
    admit(existingUpdates);

    assertThat(batcher(2).tick()).isTrue();
    assertThat(lastBatch())
        .containsExactly(TxCodec.hash(bobCreates), TxCodec.hash(existingUpdates));
    proveLastBatch();
    assertThat(batcher(2).tick()).isTrue();

    assertThat(lastBatch()).containsExactly(TxCodec.hash(bobUpdates));
    assertThat(store.countTxs(TxStatus.REJECTED)).isZero();
    assertThat(state.account(existing.address()).orElseThrow().nonce()).isEqualTo(2);
    assertThat(state.account(bobCreates.account()).orElseThrow().nonce()).isEqualTo(2);
  }
}
