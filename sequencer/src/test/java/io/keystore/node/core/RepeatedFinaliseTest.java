package io.keystore.node.core;

import static io.keystore.node.core.MempoolTest.DOMAIN;
import static io.keystore.node.core.MempoolTest.SIGNING;
import static io.keystore.node.core.MempoolTest.key;
import static io.keystore.node.core.MempoolTest.raw;
import static io.keystore.node.core.MempoolTest.refused;
import static org.assertj.core.api.Assertions.assertThat;

import io.keystore.node.rpc.KeystoreApi;
import io.keystore.node.rpc.Metrics;
import io.keystore.node.storage.ForcedTxStatus;
import io.keystore.node.storage.NodeStore;
import io.keystore.node.storage.StoredForcedTx;
import io.keystore.node.storage.StoredTx;
import io.keystore.node.storage.TxStatus;
import io.keystore.state.account.AccountConfig;
import io.keystore.state.account.AccountCreation;
import io.keystore.state.account.GuardianSet;
import io.keystore.state.account.Settings;
import io.keystore.state.crypto.PrivateKey;
import io.keystore.state.hash.Fr;
import io.keystore.state.stf.RejectionReason;
import io.keystore.state.tx.ForcedTransaction;
import io.keystore.state.tx.Transaction;
import io.keystore.state.tx.TxCodec;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A FinaliseRecovery encodes as {@code 01 04 ‖ account}: the same bytes, and so the same hash, in
 * every recovery round of an account. The node must admit it again in a later round, and still
 * answer a resubmission while a copy is pending as "already known".
 */
class RepeatedFinaliseTest extends MempoolOnH2 {

  static final long DELAY = GuardianSet.MIN_RECOVERY_DELAY;
  static final PrivateKey OWNER = key("repeated owner");
  static final PrivateKey GUARDIAN = key("repeated guardian");

  final MovableClock clock = new MovableClock();
  Batcher batcher;
  AccountCreation creation;

  RepeatedFinaliseTest() {
    super(1000);
  }

  @Override
  Clock clock() {
    return clock;
  }

  @BeforeEach
  void createAccount() {
    batcher =
        new Batcher(
            store, state, mempool, clock, () -> clock.now.getEpochSecond(), 4, Duration.ZERO);
    GuardianSet guardians = new GuardianSet(List.of(GUARDIAN.publicKey()), 1, DELAY);
    creation = new AccountCreation(Fr.of(7), new Settings(OWNER.publicKey(), guardians, Fr.ZERO));
    admit(
        SIGNING.updateConfig(
            OWNER, creation.address(), 0, creation.settings(), Optional.of(creation)));
    assertThat(batcher.tick()).isTrue();
  }

  Bytes32 admit(Transaction tx) {
    Admission a = mempool.submit(raw(tx));
    assertThat(a).isEqualTo(new Admission.Accepted(TxCodec.hash(tx), false));
    return TxCodec.hash(tx);
  }

  /** The guardian approves {@code newOwner} in {@code epoch}; the approval is batched. */
  void approve(PrivateKey newOwner, long epoch) {
    admit(
        SIGNING.approveRecovery(
            GUARDIAN, creation.address(), 0, newOwner.publicKey(), epoch, Optional.empty()));
    assertThat(batcher.tick()).isTrue();
    clock.now = clock.now.plusSeconds(DELAY);
  }

  AccountConfig account() {
    return state.account(creation.address()).orElseThrow();
  }

  @Test
  void aSecondRoundsFinaliseIsAdmittedAndAppliedThoughItsBytesAreTheFirstRounds() {
    Transaction finalise = new Transaction.FinaliseRecovery(creation.address());
    Bytes32 hash = TxCodec.hash(finalise);
    PrivateKey first = key("first recovered owner");
    PrivateKey second = key("second recovered owner");

    approve(first, 0);
    admit(finalise);
    assertThat(batcher.tick()).isTrue();
    assertThat(account().owner()).isEqualTo(first.publicKey());

    approve(second, 1);
    admit(finalise);
    assertThat(mempool.submit(raw(finalise))).isEqualTo(new Admission.Accepted(hash, true));
    assertThat(batcher.tick()).isTrue();

    assertThat(account().owner()).isEqualTo(second.publicKey());
    assertThat(account().recoveryEpoch()).isEqualTo(2);
    StoredTx latest = store.tx(hash).orElseThrow();
    assertThat(latest.status()).isEqualTo(TxStatus.BATCHED);
    assertThat(latest.batchId()).contains(store.lastBatchId());
    assertThat(store.copies(hash)).isEqualTo(new NodeStore.Copies(2, false));
  }

  @Test
  void theReceiptOfAFinaliseSentToTheNodeThenForcedOnL1IsTheForcedCopys() throws Exception {
    Transaction finalise = new Transaction.FinaliseRecovery(creation.address());
    Bytes32 hash = TxCodec.hash(finalise);
    KeystoreApi api =
        new KeystoreApi(mempool, state, store, 31337, "0x" + "00".repeat(20), new Metrics());
    approve(key("first recovered owner"), 0);
    admit(finalise);
    assertThat(batcher.tick()).isTrue();
    long nodeBatch = store.lastBatchId();
    assertThat(
            ((JsonObject)
                    api.call(
                        "keystore_getTransactionReceipt", new JsonArray().add(hash.toHexString())))
                .getLong("batch"))
        .isEqualTo(nodeBatch);

    approve(key("second recovered owner"), 1);
    ForcedTransaction forced = ForcedTransaction.validate(raw(finalise), Bytes.EMPTY, DOMAIN);
    store.insertForced(
        new StoredForcedTx(
            0,
            hash,
            raw(finalise),
            Bytes.EMPTY,
            forced.forceId(),
            clock.now.getEpochSecond(),
            1,
            ForcedTxStatus.QUEUED,
            Optional.empty(),
            Optional.empty(),
            Optional.empty()));
    assertThat(batcher.tick()).isTrue();

    JsonObject receipt =
        (JsonObject)
            api.call("keystore_getTransactionReceipt", new JsonArray().add(hash.toHexString()));
    assertThat(receipt.getLong("batch")).isEqualTo(store.lastBatchId()).isGreaterThan(nodeBatch);
    assertThat(receipt.getJsonObject("forced").getLong("queueIndex")).isZero();
    assertThat(account().owner()).isEqualTo(key("second recovered owner").publicKey());
  }

  @Test
  void aFinaliseWithNothingPendingAfterAnEarlierCopyIsRefusedNotKnown() {
    Transaction finalise = new Transaction.FinaliseRecovery(creation.address());
    approve(key("recovered owner"), 0);
    admit(finalise);
    assertThat(batcher.tick()).isTrue();

    assertThat(refused(mempool.submit(raw(finalise))).reason())
        .isEqualTo(RejectionReason.NOTHING_PENDING);
    assertThat(store.copies(TxCodec.hash(finalise))).isEqualTo(new NodeStore.Copies(1, false));
  }

  @Test
  void aSignedTransactionStaysKnownAfterItWasBatched() {
    Transaction rotate =
        SIGNING.updateConfig(
            OWNER,
            creation.address(),
            1,
            new Settings(key("rotated").publicKey(), account().guardianSet(), Fr.ZERO),
            Optional.empty());
    Bytes32 hash = admit(rotate);
    assertThat(batcher.tick()).isTrue();

    assertThat(mempool.submit(raw(rotate))).isEqualTo(new Admission.Accepted(hash, true));
    assertThat(store.copies(hash)).isEqualTo(new NodeStore.Copies(1, false));
  }

  @Test
  void aDatabaseWithTheOldUniqueHashKeyIsMigratedAndKeepsItsRows() throws Exception {
    Path old = dir.resolve("old");
    Bytes32 hash = Bytes32.repeat((byte) 0x11);
    try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + old.resolve("node"));
        Statement s = c.createStatement()) {
      s.execute(
          """
          CREATE TABLE txs (seq BIGINT AUTO_INCREMENT PRIMARY KEY, hash BINARY(32) NOT NULL UNIQUE,
            raw VARBINARY(4096) NOT NULL, received_at BIGINT NOT NULL, status VARCHAR(16) NOT NULL,
            batch_id BIGINT, reason VARCHAR(40), message VARCHAR(1000));
          INSERT INTO txs (hash, raw, received_at, status) VALUES (X'%s', X'0104', 1, 'BATCHED');
          """
              .formatted(hash.toUnprefixedHexString()));
    }

    try (NodeStore migrated = NodeStore.open(old)) {
      assertThat(migrated.copies(hash)).isEqualTo(new NodeStore.Copies(1, false));
      migrated.insertPendingAll(
          List.of(new NodeStore.NewTx(hash, 1, Bytes.fromHexString("0x0104"), 2)));
      assertThat(migrated.copies(hash)).isEqualTo(new NodeStore.Copies(2, true));
      assertThat(migrated.tx(hash).orElseThrow().status()).isEqualTo(TxStatus.PENDING);
      List<NodeStore.NewTx> again =
          List.of(new NodeStore.NewTx(hash, 1, Bytes.fromHexString("0x0104"), 3));
      assertThat(
              org.assertj.core.api.Assertions.catchThrowable(
                  () -> migrated.insertPendingAll(again)))
          .isNotNull();
    }
  }
}
