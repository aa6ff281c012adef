package io.keystore.state.tree;

import io.keystore.state.hash.Fr;
import java.util.List;
import java.util.Objects;
import org.apache.tuweni.bytes.Bytes32;

/**
 * A proof that a key is in the tree with a given value: the key's leaf, its index and the 32
 * siblings of its path (siblings.get(h) at height h, as in docs/spec/hashing.md). Check it with
 * {@link #verify(Bytes32, Bytes32)}; the value proven is {@code leaf().value()}.
 *
 * @throws IllegalArgumentException (constructor) if the index is out of range or the path is not 32
 *     canonical field elements
 */
public record MembershipProof(long index, Leaf leaf, List<Bytes32> siblings) {

  public MembershipProof {
    MerklePath.checkIndex(index, "index");
    Objects.requireNonNull(leaf, "leaf");
    siblings = MerklePath.checkSiblings(siblings, "siblings");
  }

  /** The root this proof leads to: the leaf's hash carried up its path. */
  public Bytes32 computeRoot() {
    return computeRootElement().toBytes();
  }

  /**
   * True if this proves that {@code key} is in the tree of {@code root}: see {@link
   * IndexedMerkleTree#verifyMembership}.
   */
  public boolean verify(Bytes32 root, Bytes32 key) {
    return IndexedMerkleTree.verifyMembership(root, key, this);
  }

  /** Same as {@link #computeRoot()}, as a field element. */
  Fr computeRootElement() {
    return MerklePath.root(leaf.hashElement(), index, MerklePath.toFr(siblings));
  }
}
