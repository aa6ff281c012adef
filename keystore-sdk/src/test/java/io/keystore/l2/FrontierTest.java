package io.keystore.l2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keystore.state.hash.Fr;
import io.keystore.state.hash.TreeHashing;
import io.keystore.state.tree.IndexedMerkleTree;
import io.keystore.state.tree.MembershipProof;
import io.keystore.state.tree.NonMembershipProof;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.Test;
import org.web3j.utils.Numeric;

class FrontierTest {

  @Test
  void theHeightIsTheSmallestLeftSubtreeHoldingEveryLeafAndAtLeastOne() {
    long[] counts = {1, 2, 3, 4, 5, 1000, 1024, 1025, 1L << 31, 1L << 32};
    int[] heights = {1, 1, 2, 2, 3, 10, 10, 11, 31, 32};
    for (int i = 0; i < counts.length; i++) {
      assertThat(Frontier.height(counts[i])).as("%d leaves", counts[i]).isEqualTo(heights[i]);
    }
  }

  @Test
  void aLeafCountOfZeroOrAboveTheTreeIsRefused() {
    assertThatThrownBy(() -> Frontier.height(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Frontier.height((1L << 32) + 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theFrontierOfATreeHashesUpToItsRootAtEverySize() {
    IndexedMerkleTree tree = IndexedMerkleTree.inMemory();
    Random random = new Random(1);
    for (int n = 1; n <= 40; n++) {
      Frontier frontier = Frontier.of(tree.store(), tree.leafCount());
      assertThat(frontier.root().toBytes())
          .as("%d leaves", tree.leafCount())
          .isEqualTo(tree.root());
      tree.insert(
          Bytes32.wrap(Numeric.toBytesPadded(new BigInteger(160, random).setBit(0), 32)),
          Fr.of(n).toBytes());
    }
  }

  @Test
  void anyAccountProofAtTheRootGivesTheSameFrontier() {
    IndexedMerkleTree tree = IndexedMerkleTree.inMemory();
    Random random = new Random(2);
    List<Bytes32> keys = new ArrayList<>();
    while (tree.leafCount() < 300) {
      Bytes32 key = Bytes32.wrap(Numeric.toBytesPadded(new BigInteger(160, random).setBit(0), 32));
      keys.add(key);
      tree.insert(key, Fr.of(tree.leafCount()).toBytes());
    }
    Frontier expected = Frontier.of(tree.store(), tree.leafCount());
    for (Bytes32 key : List.of(keys.get(0), keys.get(150), keys.getLast())) {
      MembershipProof m = tree.membershipProof(key);
      assertThat(
              Frontier.fromPath(m.leaf().hashElement(), m.index(), m.siblings(), tree.leafCount()))
          .isEqualTo(expected);
    }
    NonMembershipProof n = tree.nonMembershipProof(Bytes32.fromHexString("0x1234"));
    assertThat(
            Frontier.fromPath(
                n.lowLeaf().hashElement(), n.lowLeafIndex(), n.siblings(), tree.leafCount()))
        .isEqualTo(expected);
  }

  @Test
  void aProofOfATreeOfAnotherSizeGivesNoFrontier() {
    IndexedMerkleTree tree = IndexedMerkleTree.inMemory();
    for (int i = 1; i <= 4; i++) {
      tree.insert(Bytes32.fromHexString("0x0" + i), Bytes32.fromHexString("0x0" + i));
    }
    MembershipProof m = tree.membershipProof(Bytes32.fromHexString("0x01"));
    // 5 leaves claimed to be 2 (k = 1): the sibling at height 1 is not empty
    assertThatThrownBy(() -> Frontier.fromPath(m.leaf().hashElement(), m.index(), m.siblings(), 2))
        .isInstanceOf(IllegalArgumentException.class);
    // an index beyond the leaf count
    assertThatThrownBy(() -> Frontier.fromPath(m.leaf().hashElement(), 5, m.siblings(), 5))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theGenesisFrontierIsTheSentinelWithAnEmptySibling() {
    Frontier genesis = Frontier.of(IndexedMerkleTree.inMemory().store(), 1);
    assertThat(genesis.height()).isEqualTo(1);
    assertThat(genesis.node())
        .isEqualTo(TreeHashing.nodeHash(TreeHashing.leafHash(Fr.ZERO, Fr.ZERO, Fr.ZERO), Fr.ZERO));
    assertThat(genesis.root()).isEqualTo(TreeHashing.genesisRoot());
  }

  @Test
  void aFrontierAtTheWrongHeightDoesNotHashToTheRoot() {
    IndexedMerkleTree tree = IndexedMerkleTree.inMemory();
    tree.insert(Bytes32.fromHexString("0x05"), Bytes32.fromHexString("0x06"));
    tree.insert(Bytes32.fromHexString("0x07"), Bytes32.fromHexString("0x08"));
    Frontier right = Frontier.of(tree.store(), 3);
    Frontier low = new Frontier(1, right.node());
    assertThat(low.root()).isNotEqualTo(right.root());
    assertThatThrownBy(() -> new Frontier(0, Fr.ZERO)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Frontier(33, Fr.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
