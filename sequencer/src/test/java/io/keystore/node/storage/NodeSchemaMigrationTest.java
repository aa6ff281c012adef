package io.keystore.node.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keystore.state.storage.SchemaMigrator;
import java.math.BigInteger;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node database's versioned schema: new, legacy (made by the code before versions), newer,
 * damaged.
 */
class NodeSchemaMigrationTest {

  @TempDir Path dir;

  private Connection connect() throws SQLException {
    return DriverManager.getConnection("jdbc:h2:file:" + dir.toAbsolutePath().resolve("node"));
  }

  private static Bytes32 hash(int i) {
    return Bytes32.leftPad(Bytes.of(0x11, i));
  }

  private static Bytes32 root(int i) {
    return Bytes32.leftPad(Bytes.of(0x22, i));
  }

  /** The database the code of commit ce810c3 made (see src/test/resources/storage/). */
  private void restoreCe810c3Database() throws SQLException {
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      s.execute("RUNSCRIPT FROM 'classpath:/storage/node-db-ce810c3.sql'");
    }
  }

  @Test
  void aNewDatabaseIsAtTheLatestVersion() throws Exception {
    NodeStore.open(dir).close();
    try (Connection c = connect()) {
      assertThat(SchemaMigrator.version(c))
          .isEqualTo(NodeSchema.MIGRATOR.latestVersion())
          .isEqualTo(8);
      assertThat(indexes(c)).contains("BATCHES_NEW_ROOT", "TXS_HASH", "TXS_CREATES", "FORCED_HASH");
    }
  }

  @Test
  void aDatabaseMadeByTheCodeBeforeVersionsOpensWithItsRowsAndStatuses() throws Exception {
    restoreCe810c3Database();
    try (NodeStore store = NodeStore.open(dir)) {
      assertThat(store.tx(hash(1)).orElseThrow().status()).isEqualTo(TxStatus.BATCHED);
      StoredTx rejected = store.tx(hash(2)).orElseThrow();
      assertThat(rejected.status()).isEqualTo(TxStatus.REJECTED);
      assertThat(rejected.reason()).contains("BAD_NONCE");
      assertThat(rejected.batchId()).contains(1L);
      assertThat(store.tx(hash(5)).orElseThrow().status()).isEqualTo(TxStatus.PENDING);
      assertThat(store.tx(hash(6)).orElseThrow().batchId()).isEmpty();
      assertThat(store.countTxs(TxStatus.PENDING)).isEqualTo(2);
      assertThat(store.countUnbatched()).isEqualTo(1);

      StoredBatch finalised = store.batch(1).orElseThrow();
      assertThat(finalised.status()).isEqualTo(BatchStatus.FINALISED);
      assertThat(finalised.newRoot()).contains(root(1));
      assertThat(finalised.l1GasPrice()).contains(BigInteger.valueOf(1_000_000_007L));
      assertThat(finalised.l1Block()).contains(77L);
      assertThat(store.batch(2).orElseThrow().status()).isEqualTo(BatchStatus.PROVEN);
      assertThat(store.batch(2).orElseThrow().forcedCount()).isEqualTo(2);
      assertThat(store.submissionHalt(2)).contains("InvalidProof()");
      assertThat(store.batch(3).orElseThrow().status()).isEqualTo(BatchStatus.EMPTY);
      assertThat(store.batchesIn(BatchStatus.PLANNED))
          .extracting(StoredBatch::id)
          .containsExactly(4L);
      // the latest record, EMPTY batch 3, applied nothing: the records end at the state batch it
      // started from (keystore-state stores no batch that changes nothing)
      assertThat(store.recordedStateBatch()).isEqualTo(2);
      assertThat(store.latestBatchWithNewRoot(root(2)).orElseThrow().id()).isEqualTo(3);

      assertThat(store.forcedOf(2))
          .extracting(StoredForcedTx::status)
          .containsExactly(ForcedTxStatus.BATCHED, ForcedTxStatus.REJECTED);
      assertThat(store.forcedUnbatched(10))
          .extracting(StoredForcedTx::queueIndex)
          .containsExactly(2L);
      assertThat(store.nextForcedIndex()).isEqualTo(3);
      assertThat(store.meta("l1.nextNonce")).contains("5");

      // and it is written as before: a new pending row, a new batch
      store.insertPendingAll(List.of(new NodeStore.NewTx(hash(7), 0, Bytes.of(1), 2_000)));
      store.planBatch(5, 5_400, 4, 4, List.of(2L), List.of(6L, 7L), 7_000);
      assertThat(store.txsOf(5)).extracting(StoredTx::hash).containsExactly(hash(6), hash(7));
    }
    try (Connection c = connect()) {
      assertThat(SchemaMigrator.version(c)).isEqualTo(NodeSchema.MIGRATOR.latestVersion());
      assertThat(indexes(c)).contains("BATCHES_NEW_ROOT");
    }
  }

  @Test
  void aVersionOneDatabaseIsMigratedStepByStep() throws Exception {
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      assertThat(NodeSchema.MIGRATOR.migrate(c, 1)).isZero();
      s.execute(
          "INSERT INTO txs (hash, raw, received_at, status) VALUES (X'"
              + hash(1).toUnprefixedHexString()
              + "', X'01', 1, 'PENDING')");
      s.execute(
          "INSERT INTO batches (id, status, batch_time, state_base, slots, new_root, created_at, updated_at)"
              + " VALUES (1, 'BATCHED', 1, 0, 4, X'"
              + root(1).toUnprefixedHexString()
              + "', 1, 1)");
    }
    try (NodeStore store = NodeStore.open(dir)) {
      assertThat(store.tx(hash(1)).orElseThrow().status()).isEqualTo(TxStatus.PENDING);
      assertThat(store.batch(1).orElseThrow().forcedCount()).isZero();
      // the unique key is (hash, occurrence) now, not hash alone
      store.insertPendingAll(List.of(new NodeStore.NewTx(hash(1), 1, Bytes.of(1), 2)));
      assertThat(store.copies(hash(1))).isEqualTo(new NodeStore.Copies(2, true));
    }
  }

  @Test
  void aDatabaseOfANewerVersionIsRefusedClearly() throws Exception {
    NodeStore.open(dir).close();
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      s.execute("UPDATE schema_version SET version = 99");
    }
    assertThatThrownBy(() -> NodeStore.open(dir))
        .isInstanceOf(StorageFailure.class)
        .cause()
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("the node database's schema version is 99")
        .hasMessageContaining("newer than the latest this code knows (8)");
  }

  @Test
  void statusTextNoStatusHasIsAClearError() throws Exception {
    try (NodeStore store = NodeStore.open(dir)) {
      store.insertPendingAll(List.of(new NodeStore.NewTx(hash(1), 0, Bytes.of(1), 1)));
      store.planBatch(1, 1, 0, 4, List.of(1L), 1);
    }
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      s.execute("UPDATE txs SET status = 'LOST'");
      s.execute("UPDATE batches SET status = 'finalised'");
    }
    try (NodeStore store = NodeStore.open(dir)) {
      assertThatThrownBy(() -> store.tx(hash(1)))
          .isInstanceOf(StorageFailure.class)
          .hasMessageContaining("unknown TxStatus 'LOST' in the node database")
          .hasMessageContaining("[PENDING, BATCHED, REJECTED]");
      assertThatThrownBy(() -> store.batch(1))
          .isInstanceOf(StorageFailure.class)
          .hasMessageContaining("unknown BatchStatus 'finalised'");
    }
  }

  @Test
  void everyStatusIsStoredAsItsName() {
    for (Class<? extends Enum<?>> type :
        List.of(TxStatus.class, BatchStatus.class, ForcedTxStatus.class)) {
      for (Enum<?> e : type.getEnumConstants()) {
        assertThat(StatusText.of(e)).isEqualTo(e.name());
      }
    }
    assertThat(StatusText.parse(BatchStatus.class, "SUBMITTED")).isEqualTo(BatchStatus.SUBMITTED);
    assertThat(BatchStatus.FINALISED.jsonName()).isEqualTo("finalised");
    assertThat(ForcedTxStatus.of(TxStatus.REJECTED)).isEqualTo(ForcedTxStatus.REJECTED);
    assertThatThrownBy(() -> ForcedTxStatus.of(TxStatus.PENDING))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static List<String> indexes(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT INDEX_NAME FROM INFORMATION_SCHEMA.INDEXES")) {
      List<String> out = new java.util.ArrayList<>();
      while (rs.next()) {
        out.add(rs.getString(1));
      }
      return out;
    }
  }
}
