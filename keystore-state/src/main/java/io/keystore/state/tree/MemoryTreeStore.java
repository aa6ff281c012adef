package io.keystore.state.tree;

import io.keystore.state.hash.Fr;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.apache.tuweni.bytes.Bytes32;

/**
 * A {@link TreeStore} in memory. Leaves are appended, so the nodes of each height are dense from
 * index 0: each height is a growable array. Keys are found by a hash map, low leaves by a sorted
 * map. Holds at most 2^31 - 16 leaves. Not thread-safe; {@link #copy()} takes an independent
 * snapshot.
 */
public final class MemoryTreeStore implements TreeStore {

  private static final int MAX_INDEX = Integer.MAX_VALUE - 16;

  private final Fr[][] levels = new Fr[IndexedMerkleTree.DEPTH + 1][];
  private final ArrayList<Leaf> leaves;
  private final HashMap<Bytes32, Long> indexByKey;
  private final TreeMap<Bytes32, Long> sortedKeys;

  public MemoryTreeStore() {
    Arrays.setAll(levels, h -> new Fr[16]);
    leaves = new ArrayList<>();
    indexByKey = new HashMap<>();
    sortedKeys = new TreeMap<>(KEY_ORDER);
  }

  private MemoryTreeStore(MemoryTreeStore other) {
    Arrays.setAll(
        levels, h -> other.levels[h].clone()); // Fr is immutable: a shallow copy is enough
    leaves = new ArrayList<>(other.leaves);
    indexByKey = new HashMap<>(other.indexByKey);
    sortedKeys = new TreeMap<>(other.sortedKeys);
  }

  /** An independent copy: later writes to either store do not show in the other. */
  public MemoryTreeStore copy() {
    return new MemoryTreeStore(this);
  }

  @Override
  public Fr node(int height, long index) {
    Fr[] level = levels[height];
    return index < level.length ? level[(int) index] : null;
  }

  @Override
  public Leaf leaf(long index) {
    return index >= 0 && index < leaves.size() ? leaves.get((int) index) : null;
  }

  @Override
  public OptionalLong indexOf(Bytes32 key) {
    Long index = indexByKey.get(key);
    return index == null ? OptionalLong.empty() : OptionalLong.of(index);
  }

  @Override
  public long lowerIndex(Bytes32 key) {
    Map.Entry<Bytes32, Long> lower = sortedKeys.lowerEntry(key);
    return lower == null ? -1 : lower.getValue();
  }

  @Override
  public long leafCount() {
    return leaves.size();
  }

  @Override
  public void putNode(int height, long index, Fr hash) {
    TreeStore.checkNode(height, index);
    if (index > MAX_INDEX) {
      throw new IllegalArgumentException("index too large for a memory store: " + index);
    }
    Fr[] level = levels[height];
    int i = (int) index;
    if (i >= level.length) {
      long grown = Math.max((long) level.length * 2, (long) i + 1);
      level = Arrays.copyOf(level, (int) Math.min(grown, MAX_INDEX + 1L));
      levels[height] = level;
    }
    level[i] = hash;
  }

  @Override
  public void putLeaf(long index, Leaf leaf) {
    TreeStore.checkPutLeaf(this, index, leaf);
    if (index == leaves.size()) {
      if (index > MAX_INDEX) {
        throw new IllegalArgumentException("index too large for a memory store: " + index);
      }
      leaves.add(leaf);
      indexByKey.put(leaf.key(), index);
      sortedKeys.put(leaf.key(), index);
    } else {
      leaves.set((int) index, leaf);
    }
  }

  /** The leaves in index order (a copy). */
  public List<Leaf> leaves() {
    return List.copyOf(leaves);
  }
}
