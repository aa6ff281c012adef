package io.keystore.state.tree;

import io.keystore.state.hash.Fr;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A set of writes to a {@link TreeStore}, collected by an {@link OverlayTreeStore}: node hashes by
 * node id (see {@link #nodeId(int, long)}) and leaves by index (new leaves are the indices at or
 * after the base's leaf count, in order). The maps are unmodifiable views.
 */
public final class TreeChanges {

  private static final int INDEX_BITS = 40;
  private static final long INDEX_MASK = (1L << INDEX_BITS) - 1;

  private final Map<Long, Fr> nodes;
  private final SortedMap<Long, Leaf> leaves;

  TreeChanges(Map<Long, Fr> nodes, SortedMap<Long, Leaf> leaves) {
    this.nodes = Collections.unmodifiableMap(nodes);
    this.leaves = Collections.unmodifiableSortedMap(leaves);
  }

  /** An empty set of changes. */
  public static TreeChanges empty() {
    return new TreeChanges(new HashMap<>(), new TreeMap<>());
  }

  /** Node hashes by {@link #nodeId(int, long)}. */
  public Map<Long, Fr> nodes() {
    return nodes;
  }

  /** Leaves by index, ascending. */
  public SortedMap<Long, Leaf> leaves() {
    return leaves;
  }

  public boolean isEmpty() {
    return nodes.isEmpty() && leaves.isEmpty();
  }

  /** Packs (height, index) into one long: height above bit 40, index below. */
  public static long nodeId(int height, long index) {
    return ((long) height << INDEX_BITS) | index;
  }

  public static int height(long nodeId) {
    return (int) (nodeId >>> INDEX_BITS);
  }

  public static long index(long nodeId) {
    return nodeId & INDEX_MASK;
  }
}
