package io.keystore.state.tree;

import io.keystore.state.hash.Fr;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.tuweni.bytes.Bytes32;

/**
 * The witness of the insertion of a new key (docs/spec/witness.md, "Insert"), in two steps:
 *
 * <ol>
 *   <li>the low leaf at {@code lowLeafIndex} goes from {@code lowLeaf} to {@code updatedLowLeaf}
 *       (its nextKey becomes the new key), through {@code lowLeafSiblings}, its path in the old
 *       tree: {@code oldRoot} becomes the {@link #intermediateRoot()};
 *   <li>the empty slot {@code newLeafIndex} (value 0) receives {@code newLeaf}, through {@code
 *       newLeafSiblings}, its path in the intermediate tree: the intermediate root becomes {@code
 *       newRoot}.
 * </ol>
 *
 * @throws IllegalArgumentException (constructor) if an index is out of range or a path is not 32
 *     canonical field elements
 */
public record InsertWitness(
    Bytes32 oldRoot,
    Bytes32 newRoot,
    long lowLeafIndex,
    Leaf lowLeaf,
    List<Bytes32> lowLeafSiblings,
    Leaf updatedLowLeaf,
    long newLeafIndex,
    Leaf newLeaf,
    List<Bytes32> newLeafSiblings)
    implements TreeWitness {

  /**
   * The number of field elements of {@link #toFieldElements()}: 2 + (1 + 3 + 32 + 3) + (1 + 3 +
   * 32).
   */
  public static final int FIELD_ELEMENTS = 2 + 2 * (4 + IndexedMerkleTree.DEPTH) + 3;

  public InsertWitness {
    oldRoot = MerklePath.requireCanonical(oldRoot, "oldRoot");
    newRoot = MerklePath.requireCanonical(newRoot, "newRoot");
    MerklePath.checkIndex(lowLeafIndex, "lowLeafIndex");
    Objects.requireNonNull(lowLeaf, "lowLeaf");
    lowLeafSiblings = MerklePath.checkSiblings(lowLeafSiblings, "lowLeafSiblings");
    Objects.requireNonNull(updatedLowLeaf, "updatedLowLeaf");
    MerklePath.checkIndex(newLeafIndex, "newLeafIndex");
    Objects.requireNonNull(newLeaf, "newLeaf");
    newLeafSiblings = MerklePath.checkSiblings(newLeafSiblings, "newLeafSiblings");
  }

  @Override
  public Bytes32 key() {
    return newLeaf.key();
  }

  @Override
  public Bytes32 value() {
    return newLeaf.value();
  }

  /**
   * The root between the two steps, after the low leaf's update and before the new leaf: derived
   * (the circuit computes it too), not a field of the witness.
   */
  public Bytes32 intermediateRoot() {
    return MerklePath.root(
            updatedLowLeaf.hashElement(), lowLeafIndex, MerklePath.toFr(lowLeafSiblings))
        .toBytes();
  }

  @Override
  public boolean verify() {
    Bytes32 key = newLeaf.key();
    // The new key is an account key, absent from the old tree: the low leaf brackets it.
    if (!IndexedMerkleTree.isValidKey(key) || !IndexedMerkleTree.brackets(lowLeaf, key)) {
      return false;
    }
    // The low leaf now points at the new key; the new leaf takes over the low leaf's old nextKey.
    if (!updatedLowLeaf.equals(lowLeaf.withNextKey(key))
        || !newLeaf.nextKey().equals(lowLeaf.nextKey())) {
      return false;
    }
    List<Fr> lowPath = MerklePath.toFr(lowLeafSiblings);
    if (!MerklePath.root(lowLeaf.hashElement(), lowLeafIndex, lowPath).toBytes().equals(oldRoot)) {
      return false;
    }
    Fr intermediate = MerklePath.root(updatedLowLeaf.hashElement(), lowLeafIndex, lowPath);
    List<Fr> newPath = MerklePath.toFr(newLeafSiblings);
    // The new leaf's slot was empty (0) in the intermediate tree ...
    if (!MerklePath.root(Fr.ZERO, newLeafIndex, newPath).equals(intermediate)) {
      return false;
    }
    // ... and holds the new leaf in the new tree.
    return MerklePath.root(newLeaf.hashElement(), newLeafIndex, newPath).toBytes().equals(newRoot);
  }

  @Override
  public List<Bytes32> toFieldElements() {
    List<Bytes32> out = new ArrayList<>(FIELD_ELEMENTS);
    out.add(oldRoot);
    out.add(newRoot);
    out.add(MerklePath.indexElement(lowLeafIndex));
    out.add(lowLeaf.key());
    out.add(lowLeaf.nextKey());
    out.add(lowLeaf.value());
    out.addAll(lowLeafSiblings);
    out.add(updatedLowLeaf.key());
    out.add(updatedLowLeaf.nextKey());
    out.add(updatedLowLeaf.value());
    out.add(MerklePath.indexElement(newLeafIndex));
    out.add(newLeaf.key());
    out.add(newLeaf.nextKey());
    out.add(newLeaf.value());
    out.addAll(newLeafSiblings);
    return List.copyOf(out);
  }
}
