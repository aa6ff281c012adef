package io.keystore.state.storage;

import static io.keystore.state.testing.Fixtures.DOMAIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keystore.state.account.AccountConfig;
import io.keystore.state.api.AccountProof;
import io.keystore.state.api.BatchResult;
import io.keystore.state.api.KeystoreState;
import io.keystore.state.crypto.Address;
import io.keystore.state.tree.IndexedMerkleTree;
import io.keystore.state.tree.Leaf;
import io.keystore.state.tree.MemoryTreeStore;
import io.keystore.state.tx.TxCodec;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class H2StateStoreTest {

  private static final int OPS = 6;

  @TempDir Path dir;

  /** A tree store whose batch transaction fails once it has written {@code failAtRows} rows. */
  static final class FailingTreeStore extends H2TreeStore {
    int failAtRows = Integer.MAX_VALUE;
    int rowsWhenFailed;

    FailingTreeStore(Path dir) {
      super(dir);
    }

    @Override
    protected void afterRowsWritten(int rowsSoFar) throws SQLException {
      if (rowsSoFar >= failAtRows) {
        rowsWhenFailed = rowsSoFar;
        throw new SQLException("injected failure after " + rowsSoFar + " rows");
      }
    }
  }

  static KeystoreState memoryState() {
    return new KeystoreState(new MemoryTreeStore(), DOMAIN);
  }

  /** The configuration of every account, as the state reads it. */
  static Map<Address, Optional<AccountConfig>> configs(
      KeystoreState state, List<Address> accounts) {
    Map<Address, Optional<AccountConfig>> out = new HashMap<>();
    accounts.forEach(a -> out.put(a, state.account(a)));
    return out;
  }

  /** Every leaf's value is the hash of the stored configuration of its account, and vice versa. */
  static void assertConfigsMatchTheLeaves(H2StateStore store) {
    List<Leaf> leaves = new IndexedMerkleTree(store.tree()).leaves();
    for (Leaf leaf : leaves.subList(1, leaves.size())) {
      Address account = Address.wrap(leaf.key().slice(12));
      Bytes stored = store.configs().get(account).orElseThrow();
      AccountConfig config;
      try {
        config = TxCodec.decodeConfig(stored);
      } catch (io.keystore.state.tx.DecodingException e) {
        throw new AssertionError(e);
      }
      assertThat(config.hash().toBytes()).as("config of %s", account).isEqualTo(leaf.value());
    }
    assertThat(store.configs().size()).isEqualTo(leaves.size() - 1);
  }

  private List<Long> rowCounts() throws SQLException {
    List<Long> counts = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(H2TreeStore.url(dir), "sa", "");
        Statement st = c.createStatement()) {
      for (String table :
          List.of(
              "nodes",
              "leaves",
              "keys",
              "roots",
              "node_versions",
              "leaf_versions",
              "configs",
              "config_versions")) {
        try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + table)) {
          rs.next();
          counts.add(rs.getLong(1));
        }
      }
    }
    return counts;
  }

  // ---------------------------------------------------------------- one transaction per batch

  @Test
  void eachBatchStoresItsTreeChangesAndItsConfigurationsAsOneNumberedBatch() {
    KeystoreState memory = memoryState();
    StateWorkload memWork = new StateWorkload(1);
    StateWorkload work = new StateWorkload(1);
    try (H2StateStore store = H2StateStore.open(dir)) {
      KeystoreState state = new KeystoreState(store, DOMAIN);
      for (int b = 1; b <= 6; b++) {
        BatchResult r = work.applyBatch(state, OPS);
        memWork.applyBatch(memory, OPS);
        assertThat(r.newRoot()).isEqualTo(memory.root());
        assertThat(store.latestBatch()).isEqualTo(b);
        assertThat(store.root()).isEqualTo(r.newRoot());
        assertConfigsMatchTheLeaves(store);
      }
      assertThat(configs(state, work.addresses())).isEqualTo(configs(memory, work.addresses()));
    }
  }

  @Test
  void aFailureAnywhereInTheBatchTransactionLeavesNeitherTreeNorConfigChanges() throws Exception {
    StateWorkload work = new StateWorkload(2);
    StateWorkload replay = new StateWorkload(2);
    KeystoreState memory = memoryState();
    int failures = 0;
    try (FailingTreeStore tree = new FailingTreeStore(dir);
        H2StateStore store = new H2StateStore(tree)) {
      KeystoreState state = new KeystoreState(store, DOMAIN);
      work.applyBatch(state, OPS);
      replay.applyBatch(memory, OPS);
      Bytes32 root = state.root();
      List<Long> counts = rowCounts();
      var txs = replay.nextBatch(OPS);
      work.nextBatch(OPS); // the same transactions; the workloads stay in step
      Map<Address, Optional<AccountConfig>> before = configs(state, work.addresses());
      // Fail after 1, 2, 3, ... rows until the batch gets through: every failure point is tried,
      // the configuration rows (written last, before the roots row) included.
      for (int failAt = 1; ; failAt++) {
        tree.failAtRows = failAt;
        tree.rowsWhenFailed = 0;
        try {
          state.applyBatch(txs, StateWorkload.time(2));
        } catch (StorageException e) {
          failures++;
          assertThat(e).hasMessageContaining("rolled back");
          assertThat(state.root()).isEqualTo(root);
          assertThat(store.latestBatch()).isEqualTo(1);
          assertThat(rowCounts()).isEqualTo(counts);
          assertThat(configs(state, work.addresses())).isEqualTo(before);
          assertConfigsMatchTheLeaves(store);
          continue;
        }
        break;
      }
      assertThat(failures).isGreaterThan(3);
      memory.applyBatch(txs, StateWorkload.time(2));
      assertThat(state.root()).isEqualTo(memory.root());
      assertThat(configs(state, work.addresses())).isEqualTo(configs(memory, work.addresses()));
    }
    try (H2StateStore reopened = H2StateStore.open(dir)) {
      assertThat(reopened.latestBatch()).isEqualTo(2);
      assertThat(reopened.root()).isEqualTo(memory.root());
      assertConfigsMatchTheLeaves(reopened);
    }
  }

  @Test
  void configurationsAreWrittenOnlyWithTheTreesBatch() {
    try (H2StateStore store = H2StateStore.open(dir)) {
      assertThatThrownBy(() -> store.configs().putAll(Map.of()))
          .isInstanceOf(UnsupportedOperationException.class);
      assertThatThrownBy(() -> store.configs().removeAll(List.of()))
          .isInstanceOf(UnsupportedOperationException.class);
    }
  }

  // ---------------------------------------------------------------- restart

  @Test
  void aReopenedStateHasTheSameRootLeafCountAndConfigurations() {
    StateWorkload work = new StateWorkload(3);
    Bytes32 root;
    long leafCount;
    Map<Address, Optional<AccountConfig>> configs;
    try (H2StateStore store = H2StateStore.open(dir)) {
      KeystoreState state = new KeystoreState(store, DOMAIN);
      for (int b = 0; b < 5; b++) {
        work.applyBatch(state, OPS);
      }
      root = state.root();
      leafCount = store.tree().leafCount();
      configs = configs(state, work.addresses());
    }
    try (H2StateStore store = H2StateStore.open(dir)) {
      KeystoreState reopened = new KeystoreState(store, DOMAIN);
      assertThat(reopened.root()).isEqualTo(root);
      assertThat(store.tree().leafCount()).isEqualTo(leafCount);
      assertThat(reopened.size()).isEqualTo(leafCount - 1);
      assertThat(store.latestBatch()).isEqualTo(5);
      assertThat(configs(reopened, work.addresses())).isEqualTo(configs);
      assertConfigsMatchTheLeaves(store);
      for (Address a : work.addresses()) {
        AccountProof proof = reopened.proof(a);
        assertThat(proof).isInstanceOf(AccountProof.Member.class);
        assertThat(proof.verify()).isTrue();
      }
    }
  }

  @Test
  void aBatchAfterReopeningAppliesExactlyAsOnANeverClosedMemoryState() {
    StateWorkload work = new StateWorkload(4);
    StateWorkload memWork = new StateWorkload(4);
    KeystoreState memory = memoryState();
    for (int round = 0; round < 3; round++) {
      try (H2StateStore store = H2StateStore.open(dir)) {
        KeystoreState state = new KeystoreState(store, DOMAIN);
        for (int b = 0; b < 2; b++) {
          BatchResult h2 = work.applyBatch(state, OPS);
          BatchResult mem = memWork.applyBatch(memory, OPS);
          assertThat(h2.oldRoot()).isEqualTo(mem.oldRoot());
          assertThat(h2.newRoot()).isEqualTo(mem.newRoot());
          assertThat(h2.witnesses()).isEqualTo(mem.witnesses());
          assertThat(h2.applied())
              .extracting(a -> a.newConfig())
              .isEqualTo(mem.applied().stream().map(a -> a.newConfig()).toList());
        }
      }
    }
    try (H2StateStore store = H2StateStore.open(dir)) {
      KeystoreState state = new KeystoreState(store, DOMAIN);
      assertThat(store.latestBatch()).isEqualTo(6);
      assertThat(state.root()).isEqualTo(memory.root());
      assertThat(configs(state, work.addresses())).isEqualTo(configs(memory, work.addresses()));
    }
  }

  // ---------------------------------------------------------------- history and pruning

  /** Applies {@code batches} batches; returns each batch's root and configurations. */
  private static List<Map<Address, Optional<AccountConfig>>> run(
      KeystoreState state, StateWorkload work, int batches, List<Bytes32> roots) {
    List<Map<Address, Optional<AccountConfig>>> configsAt = new ArrayList<>();
    roots.add(state.root());
    configsAt.add(Map.of());
    for (int b = 1; b <= batches; b++) {
      work.applyBatch(state, OPS);
      roots.add(state.root());
      configsAt.add(configs(state, work.addresses()));
    }
    return configsAt;
  }

  @Test
  void aProofAtAnOldBatchCarriesTheConfigurationThenCurrentAndVerifiesAgainstThatRoot() {
    StateWorkload work = new StateWorkload(5);
    try (H2StateStore store = H2StateStore.open(dir)) {
      KeystoreState state = new KeystoreState(store, DOMAIN);
      List<Bytes32> roots = new ArrayList<>();
      List<Map<Address, Optional<AccountConfig>>> configsAt = run(state, work, 6, roots);
      for (int b = 0; b <= 6; b++) {
        for (Address a : work.addresses()) {
          AccountProof proof = store.proofAt(a, b);
          assertThat(proof.root()).isEqualTo(roots.get(b));
          assertThat(proof.verify()).as("account %s at batch %s", a, b).isTrue();
          Optional<AccountConfig> expected = configsAt.get(b).getOrDefault(a, Optional.empty());
          if (expected.isPresent()) {
            assertThat(proof).isInstanceOf(AccountProof.Member.class);
            assertThat(((AccountProof.Member) proof).config()).isEqualTo(expected.get());
          } else {
            assertThat(proof).isInstanceOf(AccountProof.NonMember.class);
          }
        }
      }
    }
  }

  @Test
  void pruningKeepsProofsAtRetainedBatchesAndRefusesPrunedOnesWithATypedError() throws Exception {
    StateWorkload work = new StateWorkload(6);
    List<Bytes32> roots = new ArrayList<>();
    List<Map<Address, Optional<AccountConfig>>> configsAt;
    List<Long> countsBefore;
    try (H2StateStore store = H2StateStore.open(dir)) {
      KeystoreState state = new KeystoreState(store, DOMAIN);
      configsAt = run(state, work, 8, roots);
      countsBefore = rowCounts();

      long deleted = store.pruneHistoryKeepingLast(3); // keeps batches 6, 7, 8
      assertThat(deleted).isPositive();
      assertThat(store.oldestRetainedBatch()).isEqualTo(6);
      assertThat(store.pruneHistoryKeepingLast(3)).isZero(); // idempotent
    }
    List<Long> countsAfter = rowCounts();
    assertThat(countsAfter.get(3)).as("roots stay listed").isEqualTo(countsBefore.get(3));
    assertThat(countsAfter.get(4)).as("node versions").isLessThan(countsBefore.get(4));
    assertThat(countsAfter.get(7)).as("config versions").isLessThan(countsBefore.get(7));

    try (H2StateStore store = H2StateStore.open(dir)) { // and it survives a restart
      for (long b = 6; b <= 8; b++) {
        assertThat(store.tree().treeAt(b).root()).isEqualTo(roots.get((int) b));
        for (Address a : work.addresses()) {
          AccountProof proof = store.proofAt(a, b);
          assertThat(proof.verify()).isTrue();
          assertThat(proof.root()).isEqualTo(roots.get((int) b));
          Optional<AccountConfig> expected =
              configsAt.get((int) b).getOrDefault(a, Optional.empty());
          assertThat(
                  proof instanceof AccountProof.Member m
                      ? Optional.of(m.config())
                      : Optional.empty())
              .isEqualTo(expected);
        }
      }
      for (long b = 0; b < 6; b++) {
        long batch = b;
        assertThat(store.rootAt(b)).contains(roots.get((int) b));
        assertThatThrownBy(() -> store.proofAt(work.addresses().get(0), batch))
            .isInstanceOfSatisfying(
                HistoryUnavailableException.class,
                e -> {
                  assertThat(e.reason()).isEqualTo(HistoryUnavailableException.Reason.PRUNED);
                  assertThat(e.batch()).isEqualTo(batch);
                });
        assertThatThrownBy(() -> store.tree().at(batch))
            .isInstanceOf(HistoryUnavailableException.class);
      }
      assertThatThrownBy(() -> store.proofAt(work.addresses().get(0), 9))
          .isInstanceOfSatisfying(
              HistoryUnavailableException.class,
              e ->
                  assertThat(e.reason())
                      .isEqualTo(HistoryUnavailableException.Reason.UNKNOWN_BATCH));

      // The state goes on; the new batch is provable, and pruning again moves the floor.
      KeystoreState state = new KeystoreState(store, DOMAIN);
      work.applyBatch(state, OPS);
      assertThat(store.proofAt(work.addresses().get(0), 9).verify()).isTrue();
      store.pruneHistoryBefore(9);
      assertThat(store.oldestRetainedBatch()).isEqualTo(9);
      for (Address a : work.addresses()) {
        assertThat(store.proofAt(a, 9).verify()).isTrue();
        assertThat(state.proof(a).verify()).isTrue();
      }
    }
  }

  @Test
  void pruningRefusesAFloorAfterTheLatestBatchOrNothingToKeep() {
    try (H2StateStore store = H2StateStore.open(dir)) {
      assertThatThrownBy(() -> store.pruneHistoryBefore(1))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> store.pruneHistoryKeepingLast(0))
          .isInstanceOf(IllegalArgumentException.class);
      assertThat(store.pruneHistoryKeepingLast(5)).isZero();
      assertThat(store.oldestRetainedBatch()).isZero();
    }
  }
}
