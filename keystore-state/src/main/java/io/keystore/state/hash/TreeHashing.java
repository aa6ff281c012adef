package io.keystore.state.hash;

import java.util.ArrayList;
import java.util.List;
import org.apache.tuweni.bytes.Bytes32;

/**
 * The hashing of the keystore state tree (docs/spec/hashing.md): indexed-Merkle-tree leaves, inner
 * nodes, the roots of empty subtrees, the genesis root, and roots recomputed from Merkle paths.
 * Every hash is the Poseidon2 compression {@link Poseidon2#compress(Fr, Fr)}.
 *
 * <p>The tree has depth {@value #DEPTH}. Height 0 is the leaves. In a Merkle path, bit h of the
 * leaf index set means the node at height h is a right child. Stateless and thread-safe.
 */
public final class TreeHashing {

  /** The depth of the state tree: 2^32 leaf slots. */
  public static final int DEPTH = 32;

  /** The domain tag that starts every leaf hash. */
  public static final Fr DOMAIN_LEAF = Fr.ONE;

  /** Z[h], the root of an empty subtree of height h, for h = 0..DEPTH. */
  private static final List<Fr> EMPTY_SUBTREE_ROOTS = computeEmptySubtreeRoots();

  private static final Fr GENESIS_ROOT = computeGenesisRoot();

  private TreeHashing() {}

  /** leafHash(key, nextKey, value) = C(C(C(DOMAIN_LEAF, key), nextKey), value). */
  public static Fr leafHash(Fr key, Fr nextKey, Fr value) {
    Fr h = Poseidon2.compress(DOMAIN_LEAF, key);
    h = Poseidon2.compress(h, nextKey);
    return Poseidon2.compress(h, value);
  }

  /**
   * {@link #leafHash(Fr, Fr, Fr)} on encodings.
   *
   * @throws IllegalArgumentException if an input is not a canonical field element
   */
  public static Bytes32 leafHash(Bytes32 key, Bytes32 nextKey, Bytes32 value) {
    return leafHash(Fr.fromBytes(key), Fr.fromBytes(nextKey), Fr.fromBytes(value)).toBytes();
  }

  /** nodeHash(left, right) = C(left, right). */
  public static Fr nodeHash(Fr left, Fr right) {
    return Poseidon2.compress(left, right);
  }

  /**
   * {@link #nodeHash(Fr, Fr)} on encodings.
   *
   * @throws IllegalArgumentException if an input is not a canonical field element
   */
  public static Bytes32 nodeHash(Bytes32 left, Bytes32 right) {
    return Poseidon2.compress(left, right);
  }

  /**
   * The roots of empty subtrees by height, DEPTH + 1 values: Z[0] = 0 (an empty leaf slot), Z[h+1]
   * = nodeHash(Z[h], Z[h]). Unmodifiable.
   */
  public static List<Fr> emptySubtreeRoots() {
    return EMPTY_SUBTREE_ROOTS;
  }

  /** Z[height], the root of an empty subtree of that height (0..DEPTH). */
  public static Fr emptySubtreeRoot(int height) {
    return EMPTY_SUBTREE_ROOTS.get(height);
  }

  /**
   * The root of the genesis tree: the single leaf leafHash(0, 0, 0) at index 0, every other slot
   * empty.
   */
  public static Fr genesisRoot() {
    return GENESIS_ROOT;
  }

  /**
   * The root reached from a leaf hash at {@code index} up its Merkle path. {@code siblings.get(h)}
   * is the sibling of the path's node at height h; the tree's depth is {@code siblings.size()} (at
   * most 62). Bit h of the index set means the path's node at height h is a right child.
   *
   * @throws IllegalArgumentException if the index is negative or does not fit the depth
   */
  public static Fr rootFromPath(Fr leaf, long index, List<Fr> siblings) {
    int depth = siblings.size();
    if (depth > 62) {
      throw new IllegalArgumentException("Merkle path too long: " + depth + " siblings (max 62)");
    }
    if (index < 0 || index >= (1L << depth)) {
      throw new IllegalArgumentException(
          "leaf index " + index + " out of range for a tree of depth " + depth);
    }
    Fr node = leaf;
    for (int h = 0; h < depth; h++) {
      Fr sibling = siblings.get(h);
      node = ((index >>> h) & 1) == 0 ? nodeHash(node, sibling) : nodeHash(sibling, node);
    }
    return node;
  }

  /**
   * {@link #rootFromPath(Fr, long, List)} on encodings.
   *
   * @throws IllegalArgumentException if an input is not a canonical field element, or the index
   *     does not fit the depth
   */
  public static Bytes32 rootFromPath(Bytes32 leaf, long index, List<Bytes32> siblings) {
    List<Fr> path = new ArrayList<>(siblings.size());
    for (Bytes32 s : siblings) {
      path.add(Fr.fromBytes(s));
    }
    return rootFromPath(Fr.fromBytes(leaf), index, path).toBytes();
  }

  private static List<Fr> computeEmptySubtreeRoots() {
    List<Fr> roots = new ArrayList<>(DEPTH + 1);
    roots.add(Fr.ZERO);
    for (int h = 0; h < DEPTH; h++) {
      Fr below = roots.get(h);
      roots.add(nodeHash(below, below));
    }
    return List.copyOf(roots);
  }

  private static Fr computeGenesisRoot() {
    Fr leaf = leafHash(Fr.ZERO, Fr.ZERO, Fr.ZERO);
    return rootFromPath(leaf, 0, EMPTY_SUBTREE_ROOTS.subList(0, DEPTH));
  }
}
