package io.keystore.l2;

import io.keystore.state.hash.Fr;
import io.keystore.state.hash.TreeHashing;
import io.keystore.state.tree.TreeStore;
import java.util.Objects;

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

  /** The root this frontier hashes up to: F_k folded with Z_k..Z_31 as the right siblings. */
  public Fr root() {
    Fr acc = node;
    for (int h = height; h < TreeHashing.DEPTH; h++) {
      acc = TreeHashing.nodeHash(acc, TreeHashing.emptySubtreeRoot(h));
    }
    return acc;
  }
}
