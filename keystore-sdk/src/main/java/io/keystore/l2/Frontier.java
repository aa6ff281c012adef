package io.keystore.l2;

import io.keystore.state.hash.Fr;
import io.keystore.state.hash.TreeHashing;
import io.keystore.state.tree.TreeStore;
import java.util.List;
import java.util.Objects;
import org.apache.tuweni.bytes.Bytes32;

/**
 * The frontier of a keystore root (docs/spec/root-sync.md): F_k, the node at height k covering
 * leaves [0, 2^k), with k = max(1, ceil(log2(leafCount))). The tree fills left to right, so the
 * root is F_k hashed up the left edge with the empty-subtree roots Z_k..Z_31; the L2 oracle checks
 * exactly that and keeps F_k, so that an account proof against the root needs only k siblings.
 */
public record Frontier(int height, Fr node) {

  public Frontier {
    if (height < 1 || height > TreeHashing.DEPTH) {
      throw new IllegalArgumentException("frontier height out of range: " + height);
    }
    Objects.requireNonNull(node, "node");
  }

  /** k = max(1, ceil(log2(leafCount))) for 1 <= leafCount <= 2^32. */
  public static int height(long leafCount) {
    if (leafCount < 1 || leafCount > 1L << TreeHashing.DEPTH) {
      throw new IllegalArgumentException("leaf count out of range: " + leafCount);
    }
    return Math.max(1, 64 - Long.numberOfLeadingZeros(leafCount - 1));
  }

  /**
   * The frontier of the tree held by {@code store}, which must hold the tree of {@code leafCount}
   * leaves (the root being synced), e.g. the node's tree at that root.
   */
  public static Frontier of(TreeStore store, long leafCount) {
    int k = height(leafCount);
    Fr node = store.node(k, 0);
    return new Frontier(k, node == null ? TreeHashing.emptySubtreeRoot(k) : node);
  }

  /**
   * The frontier from any account proof at the root (e.g. the node's {@code keystore_getProof} at
   * that batch), for a client without the tree: every leaf index is below leafCount <= 2^k, so
   * folding the leaf with its k lower siblings gives F_k, and the siblings above must be the empty
   * subtrees Z_k..Z_31.
   *
   * @param leafHash the proof's leaf hash (the account's leaf, or its low leaf)
   * @param index that leaf's index
   * @param siblings the proof's 32 siblings, bottom up
   * @throws IllegalArgumentException if the index is not below leafCount, or a sibling above height
   *     k is not empty (the proof is not of a tree of leafCount leaves)
   */
  public static Frontier fromPath(Fr leafHash, long index, List<Bytes32> siblings, long leafCount) {
    int k = height(leafCount);
    if (siblings.size() != TreeHashing.DEPTH) {
      throw new IllegalArgumentException(
          "a path has " + TreeHashing.DEPTH + " siblings, not " + siblings.size());
    }
    if (index < 0 || index >= leafCount) {
      throw new IllegalArgumentException(
          "leaf index " + index + " is not below the leaf count " + leafCount);
    }
    Fr acc = leafHash;
    for (int h = 0; h < k; h++) {
      Fr sibling = Fr.fromBytes(siblings.get(h));
      acc =
          ((index >>> h) & 1) == 0
              ? TreeHashing.nodeHash(acc, sibling)
              : TreeHashing.nodeHash(sibling, acc);
    }
    for (int h = k; h < TreeHashing.DEPTH; h++) {
      if (!Fr.fromBytes(siblings.get(h)).equals(TreeHashing.emptySubtreeRoot(h))) {
        throw new IllegalArgumentException(
            "sibling " + h + " is not the empty subtree: not a tree of " + leafCount + " leaves");
      }
    }
    return new Frontier(k, acc);
  }

  /** The root this frontier hashes up to: F_k folded with Z_k..Z_31 as the right siblings. */
  public Fr root() {
    Fr acc = node;
    for (int h = height; h < TreeHashing.DEPTH; h++) {
      acc = TreeHashing.nodeHash(acc, TreeHashing.emptySubtreeRoot(h));
    }
    return acc;
  }
}
