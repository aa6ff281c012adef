package io.keystore.state.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keystore.state.hash.TreeHashing;
import io.keystore.state.tree.IndexedMerkleTree;
import io.keystore.state.tree.MembershipProof;
import io.keystore.state.tree.TreeBatch;
import io.keystore.state.tree.TreeStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class H2TreeStoreTest {

  @TempDir Path dir;

  @Test
  void newDatabaseHoldsTheGenesisStateAsBatchZero() {
    try (H2TreeStore store = H2TreeStore.open(dir)) {
      IndexedMerkleTree tree = new IndexedMerkleTree(store);
      assertThat(store.latestBatch()).isZero();
      assertThat(tree.root()).isEqualTo(TreeHashing.genesisRoot().toBytes());
      assertThat(store.root()).isEqualTo(tree.root());
      assertThat(tree.leafCount()).isEqualTo(1);
    }
  }

  @Test
  void persistedAndInMemoryTreesAgreeAfterEveryBatchAndAfterReopening() {
    IndexedMerkleTree memory = IndexedMerkleTree.inMemory();
    H2TestSupport.Workload memWork = new H2TestSupport.Workload(42);
    H2TestSupport.Workload h2Work = new H2TestSupport.Workload(42);
    try (H2TreeStore store = H2TreeStore.open(dir)) {
      IndexedMerkleTree persisted = new IndexedMerkleTree(store);
      for (int b = 0; b < 25; b++) {
        int ops = 1 + b % 7 * 5;
        memWork.applyBatch(memory, ops);
        h2Work.applyBatch(persisted, ops);
        assertThat(persisted.root()).isEqualTo(memory.root());
        assertThat(store.root()).isEqualTo(memory.root());
        assertThat(store.latestBatch()).isEqualTo(b + 1);
      }
      assertThat(persisted.leaves()).isEqualTo(memory.leaves());
    }
    try (H2TreeStore reopened = H2TreeStore.open(dir)) {
      IndexedMerkleTree tree = new IndexedMerkleTree(reopened);
      assertThat(tree.root()).isEqualTo(memory.root());
      assertThat(tree.leaves()).isEqualTo(memory.leaves());
      assertThat(H2TestSupport.rootFromLeaves(tree.leaves())).isEqualTo(memory.root());
      for (Bytes32 key : memWork.keys) {
        assertThat(tree.membershipProof(key)).isEqualTo(memory.membershipProof(key));
      }
      Bytes32 absent = new H2TestSupport.Workload(1234).randomKey();
      assertThat(tree.nonMembershipProof(absent)).isEqualTo(memory.nonMembershipProof(absent));
      // and it keeps going from there, in step with memory
      memWork.applyBatch(memory, 10);
      h2Work.applyBatch(tree, 10);
      assertThat(tree.root()).isEqualTo(memory.root());
      assertThat(reopened.latestBatch()).isEqualTo(26);
    }
  }

  @Test
  void predecessorSearchOrdersKeysAsUnsignedIntegers() {
    try (H2TreeStore store = H2TreeStore.open(dir)) {
      IndexedMerkleTree tree = new IndexedMerkleTree(store);
      IndexedMerkleTree memory = IndexedMerkleTree.inMemory();
      Bytes32 low =
          Bytes32.fromHexString(
              "0x0000000000000000000000000000000000000000000000000000000000000010");
      Bytes32 high =
          Bytes32.fromHexString(
              "0x000000000000000000000000ff00000000000000000000000000000000000000");
      Bytes32 mid =
          Bytes32.fromHexString(
              "0x0000000000000000000000008000000000000000000000000000000000000000");
      for (IndexedMerkleTree t : List.of(tree, memory)) {
        try (TreeBatch batch = t.beginBatch()) {
          batch.tree().insert(high, Bytes32.ZERO);
          batch.tree().insert(low, Bytes32.ZERO);
          batch.tree().insert(mid, Bytes32.ZERO);
          batch.commit();
        }
      }
      assertThat(store.lowerIndex(high)).isEqualTo(3);
      assertThat(store.lowerIndex(mid)).isEqualTo(2);
      assertThat(tree.root()).isEqualTo(memory.root());
      assertThat(tree.leaves()).isEqualTo(memory.leaves());
    }
  }

  /**
   * Throws from inside putAll's transaction, once armed, at the n-th group of rows written (1: leaf
   * updates, 2: new leaves, 3: keys, 4: leaf versions, 5: nodes, 6: node versions, 7: the roots
   * row, just before the commit).
   */
  static final class FailingStore extends H2TreeStore {
    boolean armed;
    int failAtGroup;
    int group;
    int rowsWhenFailed;

    FailingStore(Path dir) {
      super(dir);
    }

    @Override
    protected void afterRowsWritten(int rowsSoFar) throws SQLException {
      if (armed && ++group == failAtGroup) {
        rowsWhenFailed = rowsSoFar;
        throw new SQLException("injected failure after " + rowsSoFar + " rows");
      }
    }
  }

  @ParameterizedTest(name = "failing after row group {0}")
  @ValueSource(ints = {1, 4, 5, 6, 7})
  void aBatchThatFailsHalfwayLeavesThePreviousRootAndNoPartialRows(int failAtGroup)
      throws Exception {
    H2TestSupport.Workload work = new H2TestSupport.Workload(7);
    Bytes32 rootBefore;
    List<Long> countsBefore;
    try (FailingStore store = new FailingStore(dir)) {
      IndexedMerkleTree tree = new IndexedMerkleTree(store);
      work.applyBatch(tree, 30);
      rootBefore = tree.root();
      countsBefore = rowCounts(store);
      store.armed = true;
      store.failAtGroup = failAtGroup;
      int keysBefore = work.keys.size();
      assertThatThrownBy(() -> work.applyBatch(tree, 30))
          .isInstanceOf(StorageException.class)
          .hasMessageContaining("rolled back")
          .hasRootCauseInstanceOf(SQLException.class);
      assertThat(store.rowsWhenFailed).isPositive(); // rows were written, then rolled back
      work.keys.subList(keysBefore, work.keys.size()).clear();
      assertThat(tree.root()).isEqualTo(rootBefore);
      assertThat(store.latestBatch()).isEqualTo(1);
      assertThat(rowCounts(store)).isEqualTo(countsBefore);
      assertThat(H2TestSupport.rootFromLeaves(tree.leaves())).isEqualTo(rootBefore);
      // the store is still usable
      store.armed = false;
      work.applyBatch(tree, 5);
      assertThat(store.latestBatch()).isEqualTo(2);
      assertThat(H2TestSupport.rootFromLeaves(tree.leaves())).isEqualTo(tree.root());
    }
  }

  private List<Long> rowCounts(H2TreeStore store) throws SQLException {
    List<Long> counts = new ArrayList<>();
    // a second connection sees committed rows only
    try (Connection c = DriverManager.getConnection(H2TreeStore.url(dir), "sa", "");
        Statement st = c.createStatement()) {
      for (String table :
          List.of("nodes", "leaves", "keys", "roots", "node_versions", "leaf_versions")) {
        try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + table)) {
          rs.next();
          counts.add(rs.getLong(1));
        }
      }
    }
    return counts;
  }

  @Test
  void aProofTakenAtAnOldRootStillVerifiesAgainstThatRootAfterLaterBatches() {
    H2TestSupport.Workload work = new H2TestSupport.Workload(99);
    try (H2TreeStore store = H2TreeStore.open(dir)) {
      IndexedMerkleTree tree = new IndexedMerkleTree(store);
      List<Bytes32> roots = new ArrayList<>();
      List<List<Bytes32>> keysAt = new ArrayList<>();
      roots.add(tree.root());
      keysAt.add(List.of());
      for (int b = 1; b <= 8; b++) {
        work.applyBatch(tree, 20);
        roots.add(tree.root());
        keysAt.add(List.copyOf(work.keys));
      }
      for (int b = 0; b <= 8; b++) {
        assertThat(store.rootAt(b)).contains(roots.get(b));
        IndexedMerkleTree old = store.treeAt(b);
        assertThat(old.root()).isEqualTo(roots.get(b));
        assertThat(H2TestSupport.rootFromLeaves(old.leaves())).isEqualTo(roots.get(b));
        for (Bytes32 key : keysAt.get(b)) {
          MembershipProof proof = store.membershipProofAt(key, b);
          assertThat(proof.verify(roots.get(b), key)).isTrue();
        }
        // a key inserted later is absent at b, provably
        if (b < 8) {
          Bytes32 later = keysAt.get(8).get(keysAt.get(8).size() - 1);
          if (!keysAt.get(b).contains(later)) {
            assertThat(old.contains(later)).isFalse();
            assertThat(
                    IndexedMerkleTree.verifyNonMembership(
                        roots.get(b), later, old.nonMembershipProof(later)))
                .isTrue();
          }
        }
      }
      // the proof at batch 3 of a key whose value changed since is not valid against the latest
      // root
      Bytes32 key = keysAt.get(3).get(0);
      MembershipProof old = store.membershipProofAt(key, 3);
      assertThat(old.verify(roots.get(3), key)).isTrue();
      assertThat(old.verify(tree.root(), key)).isFalse();
    }
  }

  @Test
  void writesOutsideABatchAndWritesToAHistoricalViewAreRefused() {
    try (H2TreeStore store = H2TreeStore.open(dir)) {
      IndexedMerkleTree tree = new IndexedMerkleTree(store);
      assertThatThrownBy(
              () -> tree.insert(Bytes32.leftPad(org.apache.tuweni.bytes.Bytes.of(5)), Bytes32.ZERO))
          .isInstanceOf(UnsupportedOperationException.class);
      assertThat(tree.root()).isEqualTo(TreeHashing.genesisRoot().toBytes());
      TreeStore view = store.at(0);
      assertThatThrownBy(() -> view.putNode(0, 0, null))
          .isInstanceOf(UnsupportedOperationException.class);
      assertThatThrownBy(() -> store.at(5)).isInstanceOf(IllegalArgumentException.class);
    }
  }
}
