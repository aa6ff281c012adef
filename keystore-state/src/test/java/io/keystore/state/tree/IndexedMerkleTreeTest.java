package io.keystore.state.tree;

import static io.keystore.state.tree.TreeTestSupport.key;
import static io.keystore.state.tree.TreeTestSupport.naiveRoot;
import static io.keystore.state.tree.TreeTestSupport.value;
import static io.keystore.state.tree.TreeTestSupport.withSibling;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keystore.state.hash.Fr;
import io.keystore.state.hash.TreeHashing;
import java.math.BigInteger;
import java.util.List;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.Test;

class IndexedMerkleTreeTest {

  private static final Bytes32 R =
      Bytes32.leftPad(
          org.apache.tuweni.bytes.Bytes.wrap(Fr.MODULUS.toByteArray()).trimLeadingZeros());

  // ---------------------------------------------------------------- genesis

  @Test
  void newTreeHasTheGenesisRootAndOnlyTheSentinel() {
    IndexedMerkleTree tree = IndexedMerkleTree.inMemory();

    assertThat(tree.root()).isEqualTo(TreeHashing.genesisRoot().toBytes());
    assertThat(tree.rootElement()).isEqualTo(TreeHashing.genesisRoot());
    assertThat(tree.size()).isZero();
    assertThat(tree.leafCount()).isEqualTo(1);
    assertThat(tree.leafAt(0)).contains(Leaf.SENTINEL);
    assertThat(tree.leafAt(1)).isEmpty();
  }

  @Test
  void treeOverAnExistingStoreKeepsItsContent() {
    MemoryTreeStore store = new MemoryTreeStore();
    IndexedMerkleTree first = new IndexedMerkleTree(store);
    first.insert(key(5), value(50));

    IndexedMerkleTree again = new IndexedMerkleTree(store);

    assertThat(again.root()).isEqualTo(first.root());
    assertThat(again.get(key(5)).map(Leaf::value)).contains(value(50));
  }

  // ---------------------------------------------------------------- insert, update, get

  @Test
  void insertAppendsTheLeafAndLinksItFromItsLowLeaf() {
    IndexedMerkleTree tree = IndexedMerkleTree.inMemory();

    tree.insert(key(30), value(300));
    tree.insert(key(10), value(100));
    tree.insert(key(20), value(200));

    assertThat(tree.size()).isEqualTo(3);
    assertThat(tree.leaves())
        .containsExactly(
            new Leaf(key(0), key(10), value(0)),
            new Leaf(key(30), key(0), value(300)),
            new Leaf(key(10), key(20), value(100)),
            new Leaf(key(20), key(30), value(200)));
    assertThat(tree.indexOf(key(20))).hasValue(3);
    assertThat(tree.root()).isEqualTo(naiveRoot(tree.leaves()));
  }

  @Test
  void getReturnsTheLeafOfAPresentKeyAndNothingForAnAbsentOne() {
    IndexedMerkleTree tree = IndexedMerkleTree.inMemory();
    tree.insert(key(7), value(70));

    assertThat(tree.get(key(7))).contains(new Leaf(key(7), key(0), value(70)));
    assertThat(tree.contains(key(7))).isTrue();
    assertThat(tree.get(key(8))).isEmpty();
    assertThat(tree.contains(key(8))).isFalse();
  }

  @Test
  void updateChangesOnlyTheValue() {
    IndexedMerkleTree tree = IndexedMerkleTree.inMemory();
    tree.insert(key(10), value(1));
    tree.insert(key(20), value(2));
    Bytes32 before = tree.root();

    UpdateWitness w = tree.update(key(10), value(99));

    assertThat(tree.get(key(10))).contains(new Leaf(key(10), key(20), value(99)));
    assertThat(tree.size()).isEqualTo(2);
    assertThat(tree.root()).isNotEqualTo(before).isEqualTo(naiveRoot(tree.leaves()));
    assertThat(w.oldRoot()).isEqualTo(before);
    assertThat(w.newRoot()).isEqualTo(tree.root());
  }

  @Test
  void updateToTheSameValueKeepsTheRoot() {
    IndexedMerkleTree tree = IndexedMerkleTree.inMemory();
    tree.insert(key(10), value(1));
    Bytes32 before = tree.root();

    UpdateWitness w = tree.update(key(10), value(1));

    assertThat(tree.root()).isEqualTo(before);
    assertThat(w.verify()).isTrue();
  }

  @Test
  void putInsertsANewKeyAndUpdatesAnExistingOne() {
    IndexedMerkleTree tree = IndexedMerkleTree.inMemory();

    assertThat(tree.put(key(4), value(1))).isInstanceOf(InsertWitness.class);
    assertThat(tree.put(key(4), value(2))).isInstanceOf(UpdateWitness.class);
    assertThat(tree.get(key(4)).map(Leaf::value)).contains(value(2));
  }

  @Test
  void theLargestAndSmallestValidKeysAndTheLargestValueAreAccepted() {
    IndexedMerkleTree tree = IndexedMerkleTree.inMemory();
    Bytes32 largest = key(TreeTestSupport.KEY_LIMIT.subtract(BigInteger.ONE));
    Bytes32 largestValue = Fr.fromBigInteger(Fr.MODULUS.subtract(BigInteger.ONE)).toBytes();

    tree.insert(largest, largestValue);
    tree.insert(key(1), value(1));

    assertThat(tree.get(largest).map(Leaf::value)).contains(largestValue);
    assertThat(tree.leaves().get(0).nextKey()).isEqualTo(key(1));
    assertThat(tree.get(key(1)).map(Leaf::nextKey)).contains(largest);
    assertThat(tree.root()).isEqualTo(naiveRoot(tree.leaves()));
  }

  // ---------------------------------------------------------------- rejections

  @Test
  void insertRejectsAKeyAlreadyPresentAndWritesNothing() {
    IndexedMerkleTree tree = IndexedMerkleTree.inMemory();
    tree.insert(key(3), value(1));
    Bytes32 root = tree.root();

    assertThatThrownBy(() -> tree.insert(key(3), value(2)))
        .isInstanceOf(KeyExistsException.class)
        .satisfies(e -> assertThat(((KeyExistsException) e).index()).isEqualTo(1));
    assertThat(tree.root()).isEqualTo(root);
    assertThat(tree.get(key(3)).map(Leaf::value)).contains(value(1));
  }

  @Test
  void insertRejectsKeyZero() {
    IndexedMerkleTree tree = IndexedMerkleTree.inMemory();

    assertThatThrownBy(() -> tree.insert(Bytes32.ZERO, value(1)))
        .isInstanceOf(InvalidKeyException.class);
    assertThat(tree.root()).isEqualTo(TreeHashing.genesisRoot().toBytes());
  }

  @Test
  void insertRejectsKeysOfTwoToThe160AndAbove() {
    IndexedMerkleTree tree = IndexedMerkleTree.inMemory();

    assertThatThrownBy(() -> tree.insert(key(TreeTestSupport.KEY_LIMIT), value(1)))
        .isInstanceOf(InvalidKeyException.class);
    assertThatThrownBy(() -> tree.insert(Bytes32.fromHexString("0x01" + "00".repeat(31)), value(1)))
        .isInstanceOf(InvalidKeyException.class);
    assertThat(tree.size()).isZero();
  }

  @Test
  void insertRejectsANonCanonicalValueAndWritesNothing() {
    IndexedMerkleTree tree = IndexedMerkleTree.inMemory();

    assertThatThrownBy(() -> tree.insert(key(1), R)).isInstanceOf(IllegalArgumentException.class);
    assertThat(tree.size()).isZero();
    assertThat(tree.root()).isEqualTo(TreeHashing.genesisRoot().toBytes());
  }

  @Test
  void updateRejectsAnAbsentKeyTheSentinelAndANonCanonicalValue() {
    IndexedMerkleTree tree = IndexedMerkleTree.inMemory();
    tree.insert(key(3), value(1));
    Bytes32 root = tree.root();

    assertThatThrownBy(() -> tree.update(key(4), value(1)))
        .isInstanceOf(KeyNotFoundException.class);
    assertThatThrownBy(() -> tree.update(Bytes32.ZERO, value(1)))
        .isInstanceOf(InvalidKeyException.class);
    assertThatThrownBy(() -> tree.update(key(3), R)).isInstanceOf(IllegalArgumentException.class);
    assertThat(tree.root()).isEqualTo(root);
  }

  @Test
  void leavesRejectNonCanonicalFields() {
    assertThatThrownBy(() -> new Leaf(R, Bytes32.ZERO, Bytes32.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Leaf(Bytes32.ZERO, R, Bytes32.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Leaf(Bytes32.ZERO, Bytes32.ZERO, R))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void validKeysAreNonzeroAndBelowTwoToThe160() {
    assertThat(IndexedMerkleTree.isValidKey(key(1))).isTrue();
    assertThat(
            IndexedMerkleTree.isValidKey(key(TreeTestSupport.KEY_LIMIT.subtract(BigInteger.ONE))))
        .isTrue();
    assertThat(IndexedMerkleTree.isValidKey(Bytes32.ZERO)).isFalse();
    assertThat(IndexedMerkleTree.isValidKey(key(TreeTestSupport.KEY_LIMIT))).isFalse();
    assertThat(IndexedMerkleTree.isValidKey(null)).isFalse();
  }

  // ---------------------------------------------------------------- membership proofs

  private static IndexedMerkleTree treeOf(long... keys) {
    IndexedMerkleTree tree = IndexedMerkleTree.inMemory();
    for (long k : keys) {
      tree.insert(key(k), value(k * 10));
    }
    return tree;
  }

  @Test
  void membershipProofVerifiesAndCarriesTheValue() {
    IndexedMerkleTree tree = treeOf(10, 30, 20, 40, 5);

    for (long k : new long[] {5, 10, 20, 30, 40}) {
      MembershipProof proof = tree.membershipProof(key(k));
      assertThat(proof.verify(tree.root(), key(k))).as("key %d", k).isTrue();
      assertThat(IndexedMerkleTree.verifyMembership(tree.root(), key(k), proof)).isTrue();
      assertThat(proof.leaf().value()).isEqualTo(value(k * 10));
      assertThat(proof.computeRoot()).isEqualTo(tree.root());
    }
  }

  @Test
  void membershipProofFailsAgainstAnotherRoot() {
    IndexedMerkleTree tree = treeOf(10, 20);
    MembershipProof proof = tree.membershipProof(key(10));
    Bytes32 oldRoot = tree.root();

    tree.update(key(20), value(7));

    assertThat(proof.verify(tree.root(), key(10))).isFalse();
    assertThat(proof.verify(oldRoot, key(10))).isTrue();
    assertThat(proof.verify(TreeHashing.genesisRoot().toBytes(), key(10))).isFalse();
  }

  @Test
  void membershipProofFailsWithATamperedSiblingIndexLeafOrKey() {
    IndexedMerkleTree tree = treeOf(10, 20, 30);
    Bytes32 root = tree.root();
    MembershipProof p = tree.membershipProof(key(20));

    for (int h : new int[] {0, 1, 5, 31}) {
      MembershipProof badSibling =
          new MembershipProof(p.index(), p.leaf(), withSibling(p.siblings(), h, value(12345)));
      assertThat(badSibling.verify(root, key(20))).as("sibling %d", h).isFalse();
    }
    assertThat(new MembershipProof(p.index() ^ 1, p.leaf(), p.siblings()).verify(root, key(20)))
        .isFalse();
    assertThat(new MembershipProof(p.index() + 4, p.leaf(), p.siblings()).verify(root, key(20)))
        .isFalse();
    assertThat(
            new MembershipProof(p.index(), p.leaf().withValue(value(1)), p.siblings())
                .verify(root, key(20)))
        .isFalse();
    assertThat(
            new MembershipProof(p.index(), p.leaf().withNextKey(key(25)), p.siblings())
                .verify(root, key(20)))
        .isFalse();
    // The proof of 20 is no proof for 10, even against the right root.
    assertThat(p.verify(root, key(10))).isFalse();
  }

  @Test
  void membershipOfTheSentinelOrAnInvalidKeyIsNeverAccepted() {
    IndexedMerkleTree tree = treeOf(10);
    List<Bytes32> sentinelPath = tree.nonMembershipProof(key(5)).siblings();
    MembershipProof sentinel = new MembershipProof(0, tree.leafAt(0).orElseThrow(), sentinelPath);

    assertThat(sentinel.computeRoot()).isEqualTo(tree.root());
    assertThat(sentinel.verify(tree.root(), Bytes32.ZERO)).isFalse();
    assertThatThrownBy(() -> tree.membershipProof(Bytes32.ZERO))
        .isInstanceOf(InvalidKeyException.class);
  }

  @Test
  void membershipProofOfAnAbsentKeyIsRefused() {
    IndexedMerkleTree tree = treeOf(10);

    assertThatThrownBy(() -> tree.membershipProof(key(11)))
        .isInstanceOf(KeyNotFoundException.class);
  }

  @Test
  void proofsRejectMalformedPathsAtConstruction() {
    IndexedMerkleTree tree = treeOf(10);
    MembershipProof p = tree.membershipProof(key(10));

    assertThatThrownBy(() -> new MembershipProof(p.index(), p.leaf(), p.siblings().subList(0, 31)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new MembershipProof(-1, p.leaf(), p.siblings()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new MembershipProof(1L << 32, p.leaf(), p.siblings()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> new MembershipProof(p.index(), p.leaf(), withSibling(p.siblings(), 3, R)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  // ---------------------------------------------------------------- non-membership proofs

  @Test
  void nonMembershipProofVerifiesBetweenBelowAndAboveAllKeys() {
    IndexedMerkleTree tree = treeOf(10, 30, 20);

    for (long k : new long[] {1, 9, 11, 15, 19, 21, 29, 31, 1_000_000}) {
      NonMembershipProof proof = tree.nonMembershipProof(key(k));
      assertThat(proof.verify(tree.root(), key(k))).as("key %d", k).isTrue();
      assertThat(IndexedMerkleTree.verifyNonMembership(tree.root(), key(k), proof)).isTrue();
    }
    assertThat(tree.nonMembershipProof(key(5)).lowLeaf())
        .isEqualTo(Leaf.SENTINEL.withNextKey(key(10)));
    assertThat(tree.nonMembershipProof(key(15)).lowLeaf().key()).isEqualTo(key(10));
    assertThat(tree.nonMembershipProof(key(99)).lowLeaf().key()).isEqualTo(key(30));
  }

  @Test
  void nonMembershipProofInTheGenesisTreeUsesTheSentinel() {
    IndexedMerkleTree tree = IndexedMerkleTree.inMemory();
    NonMembershipProof proof = tree.nonMembershipProof(key(42));

    assertThat(proof.lowLeafIndex()).isZero();
    assertThat(proof.lowLeaf()).isEqualTo(Leaf.SENTINEL);
    assertThat(proof.verify(TreeHashing.genesisRoot().toBytes(), key(42))).isTrue();
  }

  @Test
  void nonMembershipProofFailsForAKeyThatIsPresent() {
    IndexedMerkleTree tree = treeOf(10, 20, 30);
    Bytes32 root = tree.root();
    NonMembershipProof between = tree.nonMembershipProof(key(15)); // low leaf (10 -> 20)

    assertThat(between.verify(root, key(15))).isTrue();
    assertThat(between.verify(root, key(20))).as("the next key itself").isFalse();
    assertThat(between.verify(root, key(10))).as("the low key itself").isFalse();
    assertThat(between.verify(root, key(25))).as("a key beyond the next key").isFalse();
    assertThat(between.verify(root, key(5))).as("a key below the low key").isFalse();

    // A present key's own leaf presented as its low leaf.
    MembershipProof member = tree.membershipProof(key(20));
    NonMembershipProof fake =
        new NonMembershipProof(member.index(), member.leaf(), member.siblings());
    assertThat(fake.verify(root, key(20))).isFalse();

    assertThatThrownBy(() -> tree.nonMembershipProof(key(20)))
        .isInstanceOf(KeyExistsException.class);
  }

  @Test
  void nonMembershipProofFailsWhenTamperedOrAgainstAnotherRoot() {
    IndexedMerkleTree tree = treeOf(10, 20, 30);
    Bytes32 root = tree.root();
    NonMembershipProof p = tree.nonMembershipProof(key(25)); // low leaf (20 -> 30)

    assertThat(
            new NonMembershipProof(
                    p.lowLeafIndex(), p.lowLeaf(), withSibling(p.siblings(), 0, value(1)))
                .verify(root, key(25)))
        .isFalse();
    assertThat(
            new NonMembershipProof(p.lowLeafIndex() ^ 1, p.lowLeaf(), p.siblings())
                .verify(root, key(25)))
        .isFalse();
    // Claiming the low leaf is the last one (nextKey 0) would cover 35, but changes the hash.
    NonMembershipProof widened =
        new NonMembershipProof(
            p.lowLeafIndex(), p.lowLeaf().withNextKey(Bytes32.ZERO), p.siblings());
    assertThat(widened.verify(root, key(35))).isFalse();
    assertThat(p.verify(TreeHashing.genesisRoot().toBytes(), key(25))).isFalse();

    tree.insert(key(25), value(1));
    assertThat(p.verify(tree.root(), key(25))).isFalse();
    assertThat(p.verify(root, key(25))).as("still valid against the root it was made for").isTrue();
  }

  @Test
  void nonMembershipOfKeyZeroOrAnOutOfRangeKeyIsNeverAccepted() {
    IndexedMerkleTree tree = treeOf(10);
    NonMembershipProof last = tree.nonMembershipProof(key(11)); // low leaf (10 -> 0)
    Bytes32 tooLarge = key(TreeTestSupport.KEY_LIMIT);

    assertThat(last.verify(tree.root(), tooLarge)).isFalse();
    assertThat(last.verify(tree.root(), Bytes32.ZERO)).isFalse();
    assertThatThrownBy(() -> tree.nonMembershipProof(tooLarge))
        .isInstanceOf(InvalidKeyException.class);
    assertThatThrownBy(() -> tree.nonMembershipProof(Bytes32.ZERO))
        .isInstanceOf(InvalidKeyException.class);
  }
}
