package io.keystore.state.tree;

import io.keystore.state.hash.Fr;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.tuweni.bytes.Bytes32;

/**
 * The witness of a change of value of an existing key (docs/spec/witness.md, "Update"). The leaf at
 * {@code leafIndex} goes from {@code oldLeaf} to {@code newLeaf}, which differ only in their value;
 * {@code siblings} is its path, the same before and after.
 *
 * @throws IllegalArgumentException (constructor) if the index is out of range or the path is not 32
 *     canonical field elements
 */
public record UpdateWitness(
    Bytes32 oldRoot,
    Bytes32 newRoot,
    long leafIndex,
    Leaf oldLeaf,
    Leaf newLeaf,
    List<Bytes32> siblings)
    implements TreeWitness {

  /** The number of field elements of {@link #toFieldElements()}: 2 + 1 + 3 + 3 + 32. */
  public static final int FIELD_ELEMENTS = 9 + IndexedMerkleTree.DEPTH;

  public UpdateWitness {
    oldRoot = MerklePath.requireCanonical(oldRoot, "oldRoot");
    newRoot = MerklePath.requireCanonical(newRoot, "newRoot");
    MerklePath.checkIndex(leafIndex, "leafIndex");
    Objects.requireNonNull(oldLeaf, "oldLeaf");
    Objects.requireNonNull(newLeaf, "newLeaf");
    siblings = MerklePath.checkSiblings(siblings, "siblings");
  }

  @Override
  public Bytes32 key() {
    return newLeaf.key();
  }

  @Override
  public Bytes32 value() {
    return newLeaf.value();
  }

  @Override
  public boolean verify() {
    if (!IndexedMerkleTree.isValidKey(oldLeaf.key())
        || !newLeaf.key().equals(oldLeaf.key())
        || !newLeaf.nextKey().equals(oldLeaf.nextKey())) {
      return false;
    }
    List<Fr> path = MerklePath.toFr(siblings);
    return MerklePath.root(oldLeaf.hashElement(), leafIndex, path).toBytes().equals(oldRoot)
        && MerklePath.root(newLeaf.hashElement(), leafIndex, path).toBytes().equals(newRoot);
  }

  @Override
  public List<Bytes32> toFieldElements() {
    List<Bytes32> out = new ArrayList<>(FIELD_ELEMENTS);
    out.add(oldRoot);
    out.add(newRoot);
    out.add(MerklePath.indexElement(leafIndex));
    out.add(oldLeaf.key());
    out.add(oldLeaf.nextKey());
    out.add(oldLeaf.value());
    out.add(newLeaf.key());
    out.add(newLeaf.nextKey());
    out.add(newLeaf.value());
    out.addAll(siblings);
    return List.copyOf(out);
  }
}
