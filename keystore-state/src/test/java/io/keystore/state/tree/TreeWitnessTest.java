package io.keystore.state.tree;

import static io.keystore.state.tree.TreeTestSupport.key;
import static io.keystore.state.tree.TreeTestSupport.value;
import static io.keystore.state.tree.TreeTestSupport.withSibling;
import static org.assertj.core.api.Assertions.assertThat;

import io.keystore.state.hash.Fr;
import io.keystore.state.hash.TreeHashing;
import java.util.List;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.Test;

class TreeWitnessTest {

  private static IndexedMerkleTree treeOf(long... keys) {
    IndexedMerkleTree tree = IndexedMerkleTree.inMemory();
    for (long k : keys) {
      tree.insert(key(k), value(k * 10));
    }
    return tree;
  }

  // ---------------------------------------------------------------- insert

  @Test
  void insertWitnessHoldsTheLowLeafBeforeAndAfterAndTheNewLeaf() {
    IndexedMerkleTree tree = treeOf(10, 30);
    Bytes32 oldRoot = tree.root();
    List<Bytes32> lowPathBefore = tree.membershipProof(key(10)).siblings();

    InsertWitness w = tree.insert(key(20), value(200));

    assertThat(w.oldRoot()).isEqualTo(oldRoot);
    assertThat(w.newRoot()).isEqualTo(tree.root());
    assertThat(w.lowLeafIndex()).isEqualTo(1);
    assertThat(w.lowLeaf()).isEqualTo(new Leaf(key(10), key(30), value(100)));
    assertThat(w.lowLeafSiblings()).isEqualTo(lowPathBefore);
    assertThat(w.updatedLowLeaf()).isEqualTo(new Leaf(key(10), key(20), value(100)));
    assertThat(w.newLeafIndex()).isEqualTo(3);
    assertThat(w.newLeaf()).isEqualTo(new Leaf(key(20), key(30), value(200)));
    assertThat(w.newLeafSiblings()).isEqualTo(tree.membershipProof(key(20)).siblings());
    assertThat(w.key()).isEqualTo(key(20));
    assertThat(w.value()).isEqualTo(value(200));
    assertThat(w.verify()).isTrue();
  }

  @Test
  void insertWitnessNewLeafPathReachesTheIntermediateRootFromAnEmptySlot() {
    IndexedMerkleTree tree = treeOf(10, 30, 50, 70, 90);

    InsertWitness w = tree.insert(key(60), value(1));

    Fr intermediate =
        TreeHashing.rootFromPath(
            Fr.ZERO, w.newLeafIndex(), w.newLeafSiblings().stream().map(Fr::fromBytes).toList());
    assertThat(intermediate.toBytes()).isEqualTo(w.intermediateRoot());
    assertThat(w.intermediateRoot()).isNotEqualTo(w.oldRoot()).isNotEqualTo(w.newRoot());
  }

  @Test
  void insertWitnessVerifiesForTheFirstKeyTheLargestKeyAndAKeyBelowAllOthers() {
    IndexedMerkleTree tree = IndexedMerkleTree.inMemory();

    InsertWitness first = tree.insert(key(50), value(1));
    InsertWitness largest = tree.insert(key(90), value(2));
    InsertWitness smallest = tree.insert(key(5), value(3));

    assertThat(first.lowLeafIndex()).isZero();
    assertThat(first.oldRoot()).isEqualTo(TreeHashing.genesisRoot().toBytes());
    assertThat(largest.newLeaf().nextKey()).isEqualTo(Bytes32.ZERO);
    assertThat(smallest.lowLeaf().key()).isEqualTo(Bytes32.ZERO);
    assertThat(List.of(first, largest, smallest)).allMatch(InsertWitness::verify);
  }

  @Test
  void insertWitnessFailsWhenAnyFieldIsTampered() {
    IndexedMerkleTree tree = treeOf(10, 30, 50);
    InsertWitness w = tree.insert(key(40), value(400));
    Bytes32 junk = value(777);

    assertThat(w.verify()).isTrue();
    assertThat(withRoots(w, junk, w.newRoot()).verify()).as("old root").isFalse();
    assertThat(withRoots(w, w.oldRoot(), junk).verify()).as("new root").isFalse();
    assertThat(
            new InsertWitness(
                    w.oldRoot(),
                    w.newRoot(),
                    w.lowLeafIndex() ^ 1,
                    w.lowLeaf(),
                    w.lowLeafSiblings(),
                    w.updatedLowLeaf(),
                    w.newLeafIndex(),
                    w.newLeaf(),
                    w.newLeafSiblings())
                .verify())
        .as("low leaf index")
        .isFalse();
    assertThat(
            new InsertWitness(
                    w.oldRoot(),
                    w.newRoot(),
                    w.lowLeafIndex(),
                    w.lowLeaf(),
                    withSibling(w.lowLeafSiblings(), 2, junk),
                    w.updatedLowLeaf(),
                    w.newLeafIndex(),
                    w.newLeaf(),
                    w.newLeafSiblings())
                .verify())
        .as("low leaf sibling")
        .isFalse();
    assertThat(
            new InsertWitness(
                    w.oldRoot(),
                    w.newRoot(),
                    w.lowLeafIndex(),
                    w.lowLeaf(),
                    w.lowLeafSiblings(),
                    w.updatedLowLeaf().withValue(junk),
                    w.newLeafIndex(),
                    w.newLeaf(),
                    w.newLeafSiblings())
                .verify())
        .as("updated low leaf's value")
        .isFalse();
    assertThat(
            new InsertWitness(
                    w.oldRoot(),
                    w.newRoot(),
                    w.lowLeafIndex(),
                    w.lowLeaf(),
                    w.lowLeafSiblings(),
                    w.updatedLowLeaf(),
                    w.newLeafIndex() + 1,
                    w.newLeaf(),
                    w.newLeafSiblings())
                .verify())
        .as("new leaf index")
        .isFalse();
    assertThat(
            new InsertWitness(
                    w.oldRoot(),
                    w.newRoot(),
                    w.lowLeafIndex(),
                    w.lowLeaf(),
                    w.lowLeafSiblings(),
                    w.updatedLowLeaf(),
                    w.newLeafIndex(),
                    w.newLeaf(),
                    withSibling(w.newLeafSiblings(), 0, junk))
                .verify())
        .as("new leaf sibling")
        .isFalse();
    assertThat(
            new InsertWitness(
                    w.oldRoot(),
                    w.newRoot(),
                    w.lowLeafIndex(),
                    w.lowLeaf(),
                    w.lowLeafSiblings(),
                    w.updatedLowLeaf(),
                    w.newLeafIndex(),
                    w.newLeaf().withNextKey(Bytes32.ZERO),
                    w.newLeafSiblings())
                .verify())
        .as("new leaf's nextKey")
        .isFalse();
  }

  @Test
  void insertWitnessFailsWhenTheLowLeafDoesNotBracketTheKey() {
    // Re-inserting a present key (30) by pretending its low leaf is 10 -> 50 is caught by the
    // bracket check, whatever the paths.
    IndexedMerkleTree tree = treeOf(10, 50);
    InsertWitness w = tree.insert(key(30), value(1));
    Leaf newLeafForKey50 = new Leaf(key(50), w.newLeaf().nextKey(), w.newLeaf().value());
    InsertWitness duplicate =
        new InsertWitness(
            w.oldRoot(),
            w.newRoot(),
            w.lowLeafIndex(),
            w.lowLeaf(),
            w.lowLeafSiblings(),
            w.lowLeaf().withNextKey(key(50)),
            w.newLeafIndex(),
            newLeafForKey50,
            w.newLeafSiblings());

    assertThat(duplicate.verify()).isFalse();
  }

  @Test
  void insertWitnessFlattensToSeventySevenFieldElementsInTheSpecifiedOrder() {
    IndexedMerkleTree tree = treeOf(10, 30);
    InsertWitness w = tree.insert(key(20), value(200));

    List<Bytes32> f = w.toFieldElements();

    assertThat(f).hasSize(InsertWitness.FIELD_ELEMENTS).hasSize(77);
    assertThat(f.subList(0, 6))
        .containsExactly(w.oldRoot(), w.newRoot(), value(1), key(10), key(30), value(100));
    assertThat(f.subList(6, 38)).isEqualTo(w.lowLeafSiblings());
    assertThat(f.subList(38, 45))
        .containsExactly(key(10), key(20), value(100), value(3), key(20), key(30), value(200));
    assertThat(f.subList(45, 77)).isEqualTo(w.newLeafSiblings());
  }

  // ---------------------------------------------------------------- update

  @Test
  void updateWitnessHoldsTheLeafBeforeAndAfterAndItsPath() {
    IndexedMerkleTree tree = treeOf(10, 20);
    Bytes32 oldRoot = tree.root();
    MembershipProof before = tree.membershipProof(key(10));

    UpdateWitness w = tree.update(key(10), value(5));

    assertThat(w.oldRoot()).isEqualTo(oldRoot);
    assertThat(w.newRoot()).isEqualTo(tree.root());
    assertThat(w.leafIndex()).isEqualTo(before.index());
    assertThat(w.oldLeaf()).isEqualTo(before.leaf());
    assertThat(w.newLeaf()).isEqualTo(before.leaf().withValue(value(5)));
    assertThat(w.siblings()).isEqualTo(before.siblings());
    assertThat(w.verify()).isTrue();
  }

  @Test
  void updateWitnessFailsWhenAnyFieldIsTampered() {
    IndexedMerkleTree tree = treeOf(10, 20, 30);
    UpdateWitness w = tree.update(key(20), value(5));
    Bytes32 junk = value(777);

    assertThat(
            new UpdateWitness(
                    junk, w.newRoot(), w.leafIndex(), w.oldLeaf(), w.newLeaf(), w.siblings())
                .verify())
        .isFalse();
    assertThat(
            new UpdateWitness(
                    w.oldRoot(), junk, w.leafIndex(), w.oldLeaf(), w.newLeaf(), w.siblings())
                .verify())
        .isFalse();
    assertThat(
            new UpdateWitness(
                    w.oldRoot(),
                    w.newRoot(),
                    w.leafIndex() + 1,
                    w.oldLeaf(),
                    w.newLeaf(),
                    w.siblings())
                .verify())
        .isFalse();
    assertThat(
            new UpdateWitness(
                    w.oldRoot(),
                    w.newRoot(),
                    w.leafIndex(),
                    w.oldLeaf(),
                    w.newLeaf(),
                    withSibling(w.siblings(), 31, junk))
                .verify())
        .isFalse();
    assertThat(
            new UpdateWitness(
                    w.oldRoot(),
                    w.newRoot(),
                    w.leafIndex(),
                    w.oldLeaf().withValue(junk),
                    w.newLeaf(),
                    w.siblings())
                .verify())
        .isFalse();
  }

  @Test
  void updateWitnessFailsWhenTheKeyOrNextKeyChanges() {
    // Even with roots recomputed to match, an update may only change the value.
    IndexedMerkleTree tree = treeOf(10, 20);
    UpdateWitness w = tree.update(key(10), value(5));
    List<Fr> path = w.siblings().stream().map(Fr::fromBytes).toList();
    Leaf movedNext = w.newLeaf().withNextKey(key(15));
    Leaf otherKey = new Leaf(key(11), w.newLeaf().nextKey(), w.newLeaf().value());

    for (Leaf forged : List.of(movedNext, otherKey)) {
      Bytes32 forgedRoot =
          TreeHashing.rootFromPath(forged.hashElement(), w.leafIndex(), path).toBytes();
      assertThat(
              new UpdateWitness(
                      w.oldRoot(), forgedRoot, w.leafIndex(), w.oldLeaf(), forged, w.siblings())
                  .verify())
          .as("%s", forged)
          .isFalse();
    }
  }

  @Test
  void updateWitnessFlattensToFortyOneFieldElementsInTheSpecifiedOrder() {
    IndexedMerkleTree tree = treeOf(10, 20);
    UpdateWitness w = tree.update(key(20), value(5));

    List<Bytes32> f = w.toFieldElements();

    assertThat(f).hasSize(UpdateWitness.FIELD_ELEMENTS).hasSize(41);
    assertThat(f.subList(0, 9))
        .containsExactly(
            w.oldRoot(),
            w.newRoot(),
            value(2),
            key(20),
            key(0),
            value(200),
            key(20),
            key(0),
            value(5));
    assertThat(f.subList(9, 41)).isEqualTo(w.siblings());
  }

  @Test
  void witnessesChainFromRootToRoot() {
    IndexedMerkleTree tree = IndexedMerkleTree.inMemory();
    Bytes32 root = tree.root();

    for (TreeWitness w :
        List.<TreeWitness>of(
            tree.insert(key(3), value(1)),
            tree.insert(key(1), value(2)),
            tree.update(key(3), value(3)),
            tree.insert(key(2), value(4)),
            tree.update(key(1), value(5)))) {
      assertThat(w.oldRoot()).isEqualTo(root);
      assertThat(w.verify()).isTrue();
      root = w.newRoot();
    }
    assertThat(root).isEqualTo(tree.root());
  }

  private static InsertWitness withRoots(InsertWitness w, Bytes32 oldRoot, Bytes32 newRoot) {
    return new InsertWitness(
        oldRoot,
        newRoot,
        w.lowLeafIndex(),
        w.lowLeaf(),
        w.lowLeafSiblings(),
        w.updatedLowLeaf(),
        w.newLeafIndex(),
        w.newLeaf(),
        w.newLeafSiblings());
  }
}
