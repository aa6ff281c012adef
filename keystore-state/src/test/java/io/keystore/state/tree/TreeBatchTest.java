package io.keystore.state.tree;

import static io.keystore.state.tree.TreeTestSupport.key;
import static io.keystore.state.tree.TreeTestSupport.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.Test;

class TreeBatchTest {

  @Test
  void committedBatchLandsEveryChangeAndItsWitnessesChain() {
    IndexedMerkleTree tree = IndexedMerkleTree.inMemory();
    tree.insert(key(10), value(1));
    Bytes32 before = tree.root();
    List<TreeWitness> witnesses = new ArrayList<>();

    try (TreeBatch batch = tree.beginBatch()) {
      witnesses.add(batch.tree().insert(key(20), value(2)));
      witnesses.add(batch.tree().update(key(10), value(3)));
      witnesses.add(batch.tree().insert(key(5), value(4)));
      batch.commit();
    }

    assertThat(witnesses.get(0).oldRoot()).isEqualTo(before);
    assertThat(witnesses.get(2).newRoot()).isEqualTo(tree.root());
    assertThat(witnesses).allMatch(TreeWitness::verify);
    assertThat(tree.get(key(10)).map(Leaf::value)).contains(value(3));
    assertThat(tree.size()).isEqualTo(3);
  }

  @Test
  void batchClosedWithoutCommitChangesNothing() {
    IndexedMerkleTree tree = IndexedMerkleTree.inMemory();
    tree.insert(key(10), value(1));
    Bytes32 before = tree.root();

    try (TreeBatch batch = tree.beginBatch()) {
      batch.tree().insert(key(20), value(2));
      batch.tree().update(key(10), value(3));
    }

    assertThat(tree.root()).isEqualTo(before);
    assertThat(tree.contains(key(20))).isFalse();
    assertThat(tree.get(key(10)).map(Leaf::value)).contains(value(1));
  }

  @Test
  void batchFailingHalfwayIsDiscardedWhole() {
    IndexedMerkleTree tree = IndexedMerkleTree.inMemory();
    tree.insert(key(10), value(1));
    Bytes32 before = tree.root();

    assertThatThrownBy(
            () -> {
              try (TreeBatch batch = tree.beginBatch()) {
                batch.tree().insert(key(20), value(2));
                batch.tree().insert(key(10), value(3)); // a duplicate: throws
                batch.commit();
              }
            })
        .isInstanceOf(KeyExistsException.class);

    assertThat(tree.root()).isEqualTo(before);
    assertThat(tree.contains(key(20))).isFalse();
    tree.insert(key(20), value(2)); // the tree is writable again
  }

  @Test
  void treeRefusesDirectWritesWhileABatchIsOpen() {
    IndexedMerkleTree tree = IndexedMerkleTree.inMemory();

    try (TreeBatch batch = tree.beginBatch()) {
      assertThatThrownBy(() -> tree.insert(key(1), value(1)))
          .isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(() -> tree.update(key(1), value(1)))
          .isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(tree::beginBatch).isInstanceOf(IllegalStateException.class);
      batch.tree().insert(key(1), value(1));
      assertThat(tree.contains(key(1))).as("reads see the committed state only").isFalse();
    }
    tree.insert(key(1), value(1));
  }

  @Test
  void closedBatchCannotBeUsedAgain() {
    IndexedMerkleTree tree = IndexedMerkleTree.inMemory();
    TreeBatch batch = tree.beginBatch();
    batch.commit();

    assertThatThrownBy(batch::tree).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(batch::commit).isInstanceOf(IllegalStateException.class);
    batch.close(); // idempotent
  }
}
