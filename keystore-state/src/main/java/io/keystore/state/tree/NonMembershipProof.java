package io.keystore.state.tree;

import io.keystore.state.hash.Fr;
import java.util.List;
import java.util.Objects;
import org.apache.tuweni.bytes.Bytes32;

/**
 * A proof that a key is absent from the tree: its low leaf (the leaf with the largest key below it,
 * whose nextKey is above it or 0), with the low leaf's index and path. Check it with {@link
 * #verify(Bytes32, Bytes32)}.
 *
 * @throws IllegalArgumentException (constructor) if the index is out of range or the path is not 32
 *     canonical field elements
 */
public record NonMembershipProof(long lowLeafIndex, Leaf lowLeaf, List<Bytes32> siblings) {

  public NonMembershipProof {
    MerklePath.checkIndex(lowLeafIndex, "lowLeafIndex");
    Objects.requireNonNull(lowLeaf, "lowLeaf");
    siblings = MerklePath.checkSiblings(siblings, "siblings");
  }

  /** The root this proof leads to: the low leaf's hash carried up its path. */
  public Bytes32 computeRoot() {
    return computeRootElement().toBytes();
  }

  /**
   * True if this proves that {@code key} is absent from the tree of {@code root}: see {@link
   * IndexedMerkleTree#verifyNonMembership}.
   */
  public boolean verify(Bytes32 root, Bytes32 key) {
    return IndexedMerkleTree.verifyNonMembership(root, key, this);
  }

  Fr computeRootElement() {
    return MerklePath.root(lowLeaf.hashElement(), lowLeafIndex, MerklePath.toFr(siblings));
  }
}
