package io.keystore.state.tree;

import static io.keystore.state.tree.TreeTestSupport.key;
import static io.keystore.state.tree.TreeTestSupport.naiveRoot;
import static io.keystore.state.tree.TreeTestSupport.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keystore.state.hash.Fr;
import java.util.ArrayList;
import java.util.List;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.Test;

class TreeStoreTest {

  // ---------------------------------------------------------------- memory store

  @Test
  void memoryStoreFindsTheLowerKeyInUnsignedOrder() {
    MemoryTreeStore store = new MemoryTreeStore();
    store.putLeaf(0, Leaf.SENTINEL);
    store.putLeaf(
        1, new Leaf(key(0x80), Bytes32.ZERO, Bytes32.ZERO)); // a high bit in the last byte
    store.putLeaf(2, new Leaf(key(0x10), key(0x80), Bytes32.ZERO));

    assertThat(store.lowerIndex(key(0x81))).isEqualTo(1);
    assertThat(store.lowerIndex(key(0x80))).isEqualTo(2);
    assertThat(store.lowerIndex(key(0x10))).isZero();
    assertThat(store.lowerIndex(Bytes32.ZERO)).isEqualTo(-1);
    assertThat(store.indexOf(key(0x10))).hasValue(2);
    assertThat(store.indexOf(key(0x11))).isEmpty();
  }

  @Test
  void storesRefuseToChangeALeafKeyToSkipASlotOrToAddAKeyTwice() {
    for (TreeStore store :
        List.of(new MemoryTreeStore(), new OverlayTreeStore(new MemoryTreeStore()))) {
      store.putLeaf(0, Leaf.SENTINEL);
      store.putLeaf(1, new Leaf(key(5), Bytes32.ZERO, Bytes32.ZERO));

      assertThatThrownBy(() -> store.putLeaf(1, new Leaf(key(6), Bytes32.ZERO, Bytes32.ZERO)))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> store.putLeaf(3, new Leaf(key(7), Bytes32.ZERO, Bytes32.ZERO)))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> store.putLeaf(2, new Leaf(key(5), Bytes32.ZERO, Bytes32.ZERO)))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> store.putNode(33, 0, Fr.ONE))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> store.putNode(32, 1, Fr.ONE))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void memoryStoreCopyIsIndependentOfTheOriginal() {
    MemoryTreeStore store = new MemoryTreeStore();
    IndexedMerkleTree tree = new IndexedMerkleTree(store);
    tree.insert(key(1), value(1));
    MemoryTreeStore snapshot = store.copy();
    Bytes32 rootAtSnapshot = tree.root();

    tree.insert(key(2), value(2));
    tree.update(key(1), value(9));

    IndexedMerkleTree restored = new IndexedMerkleTree(snapshot);
    assertThat(restored.root()).isEqualTo(rootAtSnapshot);
    assertThat(restored.get(key(1)).map(Leaf::value)).contains(value(1));
    assertThat(restored.contains(key(2))).isFalse();
    restored.insert(key(3), value(3));
    assertThat(tree.contains(key(3))).isFalse();
  }

  // ---------------------------------------------------------------- overlay

  @Test
  void overlayReadsThroughToTheBaseAndSeesItsOwnWrites() {
    IndexedMerkleTree base = IndexedMerkleTree.inMemory();
    base.insert(key(10), value(1));
    base.insert(key(30), value(3));
    OverlayTreeStore overlay = new OverlayTreeStore(base.store());
    IndexedMerkleTree over = new IndexedMerkleTree(overlay);

    over.insert(key(20), value(2));
    over.insert(key(40), value(4));

    assertThat(overlay.lowerIndex(key(25))).isEqualTo(3); // key 20, in the overlay
    assertThat(overlay.lowerIndex(key(35))).isEqualTo(2); // key 30, in the base
    assertThat(overlay.lowerIndex(key(45))).isEqualTo(4); // key 40, in the overlay
    assertThat(overlay.lowerIndex(key(15))).isEqualTo(1); // key 10, in the base
    assertThat(over.root()).isEqualTo(naiveRoot(over.leaves()));
    assertThat(base.contains(key(20))).isFalse();
    assertThat(base.leafCount()).isEqualTo(3);
  }

  @Test
  void overlayCommitGivesTheBaseExactlyTheStateBuiltOnTheOverlay() {
    IndexedMerkleTree direct = IndexedMerkleTree.inMemory();
    IndexedMerkleTree base = IndexedMerkleTree.inMemory();
    for (IndexedMerkleTree t : List.of(direct, base)) {
      t.insert(key(10), value(1));
    }
    OverlayTreeStore overlay = new OverlayTreeStore(base.store());
    IndexedMerkleTree over = new IndexedMerkleTree(overlay);
    for (IndexedMerkleTree t : List.of(direct, over)) {
      t.insert(key(5), value(2));
      t.update(key(10), value(3));
      t.insert(key(15), value(4));
    }

    overlay.commit();

    assertThat(overlay.isEmpty()).isTrue();
    assertThat(base.root()).isEqualTo(direct.root());
    assertThat(base.leaves()).isEqualTo(direct.leaves());
    base.insert(key(7), value(5));
    direct.insert(key(7), value(5));
    assertThat(base.root()).isEqualTo(direct.root());
  }

  @Test
  void overlayCommitsThroughOnePutAll() {
    List<TreeChanges> batches = new ArrayList<>();
    MemoryTreeStore memory = new MemoryTreeStore();
    new IndexedMerkleTree(memory);
    TreeStore recording =
        new ForwardingTreeStore(memory) {
          @Override
          public void putAll(TreeChanges changes) {
            batches.add(changes);
            super.putAll(changes); // the default: leaves then nodes, one by one
          }
        };
    OverlayTreeStore overlay = new OverlayTreeStore(recording);
    IndexedMerkleTree over = new IndexedMerkleTree(overlay);
    over.insert(key(1), value(1));
    over.insert(key(2), value(2));

    overlay.commit();

    assertThat(batches).hasSize(1);
    assertThat(batches.get(0).leaves()).containsOnlyKeys(0L, 1L, 2L);
    assertThat(batches.get(0).nodes()).isNotEmpty();
    assertThat(new IndexedMerkleTree(memory).root()).isEqualTo(over.root());
  }

  @Test
  void overlayDiscardLeavesTheBaseUntouched() {
    IndexedMerkleTree base = IndexedMerkleTree.inMemory();
    base.insert(key(10), value(1));
    Bytes32 root = base.root();
    OverlayTreeStore overlay = new OverlayTreeStore(base.store());
    IndexedMerkleTree over = new IndexedMerkleTree(overlay);
    over.insert(key(20), value(2));

    overlay.discard();

    assertThat(base.root()).isEqualTo(root);
    assertThat(over.root()).isEqualTo(root);
    assertThat(over.contains(key(20))).isFalse();
    assertThat(over.leafCount()).isEqualTo(2);
  }

  @Test
  void insertIntoAFullTreeIsRefusedBeforeAnyWrite() {
    MemoryTreeStore memory = new MemoryTreeStore();
    IndexedMerkleTree genesis = new IndexedMerkleTree(memory);
    Bytes32 root = genesis.root();
    TreeStore full =
        new ForwardingTreeStore(memory) {
          @Override
          public long leafCount() {
            return 1L << IndexedMerkleTree.DEPTH;
          }
        };
    IndexedMerkleTree tree = new IndexedMerkleTree(full);

    assertThatThrownBy(() -> tree.insert(key(1), value(1))).isInstanceOf(TreeFullException.class);
    assertThat(genesis.root()).isEqualTo(root);
    assertThat(memory.leafCount()).isEqualTo(1);
  }

  @Test
  void treeChangesPackNodeIdsReversibly() {
    long id = TreeChanges.nodeId(17, (1L << 15) - 3);

    assertThat(TreeChanges.height(id)).isEqualTo(17);
    assertThat(TreeChanges.index(id)).isEqualTo((1L << 15) - 3);
    assertThat(TreeChanges.index(TreeChanges.nodeId(0, (1L << 32) - 1))).isEqualTo((1L << 32) - 1);
    assertThat(TreeChanges.empty().isEmpty()).isTrue();
  }
}
