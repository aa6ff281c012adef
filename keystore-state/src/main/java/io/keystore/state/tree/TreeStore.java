package io.keystore.state.tree;

import io.keystore.state.hash.Fr;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.tuweni.bytes.Bytes32;

/**
 * Where an {@link IndexedMerkleTree} keeps its nodes and leaves. The tree does all the hashing and
 * all the checking; a store only remembers:
 *
 * <ul>
 *   <li>node hashes by (height, index): height 0 holds leaf hashes, height {@value
 *       IndexedMerkleTree#DEPTH} the root. A node never written is the root of an empty subtree
 *       ({@code null} here; the tree substitutes Z[height]);
 *   <li>leaves by index, dense from 0: {@link #leafCount()} is the next free index;
 *   <li>the index of each key, and the order of keys, to find a key's low leaf (its predecessor).
 * </ul>
 *
 * <p>Keys are compared as unsigned 256-bit big-endian integers ({@link #KEY_ORDER}). A leaf's key
 * never changes once written: only its nextKey and value do.
 *
 * <p>Implementations: {@link MemoryTreeStore}; {@link OverlayTreeStore} buffers a batch over any
 * store and commits it with {@link #putAll(TreeChanges)}, which a persistent store implements as
 * one transaction. Stores need not be thread-safe.
 */
public interface TreeStore {

  /** The order of keys: unsigned big-endian, which is the order of the integers they encode. */
  Comparator<Bytes32> KEY_ORDER =
      (a, b) -> Arrays.compareUnsigned(a.toArrayUnsafe(), b.toArrayUnsafe());

  /** The hash at (height, index), or {@code null} if that node was never written. */
  Fr node(int height, long index);

  /** The leaf at {@code index}, or {@code null} if the slot is empty. */
  Leaf leaf(long index);

  /** The index of the leaf that holds {@code key}, if any. */
  OptionalLong indexOf(Bytes32 key);

  /**
   * The index of the leaf with the largest key strictly below {@code key}, or -1 if there is none
   * (never the case once the sentinel, key 0, is in, for a nonzero key).
   */
  long lowerIndex(Bytes32 key);

  /** The number of leaves, which is also the next free index. */
  long leafCount();

  /** Writes the hash at (height, index). */
  void putNode(int height, long index, Fr hash);

  /**
   * Writes the leaf at {@code index}: either {@code index == leafCount()} (a new leaf, with a key
   * not yet present; the count grows by one) or an existing index whose key is the same.
   *
   * @throws IllegalArgumentException otherwise
   */
  void putLeaf(long index, Leaf leaf);

  /**
   * Writes a batch of changes as one unit. The default writes the leaves in index order then the
   * nodes, one by one, which is all or nothing only for a store that cannot fail halfway (memory);
   * a persistent store overrides this with one transaction.
   */
  default void putAll(TreeChanges changes) {
    for (Map.Entry<Long, Leaf> e : changes.leaves().entrySet()) {
      putLeaf(e.getKey(), e.getValue());
    }
    for (Map.Entry<Long, Fr> e : changes.nodes().entrySet()) {
      long id = e.getKey();
      putNode(TreeChanges.height(id), TreeChanges.index(id), e.getValue());
    }
  }

  /** Checks the rule of {@link #putLeaf}; for implementations. */
  static void checkPutLeaf(TreeStore store, long index, Leaf leaf) {
    long count = store.leafCount();
    if (index == count) {
      OptionalLong existing = store.indexOf(leaf.key());
      if (existing.isPresent()) {
        throw new IllegalArgumentException(
            "key already at index " + existing.getAsLong() + ", cannot add it at " + index);
      }
      return;
    }
    if (index < 0 || index > count) {
      throw new IllegalArgumentException(
          "leaf index " + index + " is neither an existing leaf nor the next free slot " + count);
    }
    Leaf old = store.leaf(index);
    if (!old.key().equals(leaf.key())) {
      throw new IllegalArgumentException(
          "cannot change the key of leaf " + index + " from " + old.key() + " to " + leaf.key());
    }
  }

  /** Checks a node position; for implementations. */
  static void checkNode(int height, long index) {
    if (height < 0 || height > IndexedMerkleTree.DEPTH) {
      throw new IllegalArgumentException("node height out of range: " + height);
    }
    if (index < 0 || index >= (1L << (IndexedMerkleTree.DEPTH - height))) {
      throw new IllegalArgumentException(
          "node index " + index + " out of range at height " + height);
    }
  }
}
