package io.keystore.state.tree;

import io.keystore.state.hash.Fr;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.apache.tuweni.bytes.Bytes32;

/**
 * A write buffer over another store: reads see the buffered writes first, then the base; writes
 * stay here until {@link #commit()} hands them all to the base in one {@link
 * TreeStore#putAll(TreeChanges)}, or {@link #discard()} drops them. This is how a batch is applied
 * all or nothing. The base must not change while the overlay holds writes. Not thread-safe.
 */
public final class OverlayTreeStore implements TreeStore {

  private final TreeStore base;
  private HashMap<Long, Fr> nodes = new HashMap<>();
  private TreeMap<Long, Leaf> leaves = new TreeMap<>();
  private HashMap<Bytes32, Long> newIndexByKey = new HashMap<>();
  private TreeMap<Bytes32, Long> newSortedKeys = new TreeMap<>(KEY_ORDER);
  private long leafCount;

  public OverlayTreeStore(TreeStore base) {
    this.base = base;
    this.leafCount = base.leafCount();
  }

  /** The store underneath. */
  public TreeStore base() {
    return base;
  }

  /** The buffered writes, as they stand (a snapshot: later writes do not show in it). */
  public TreeChanges changes() {
    return new TreeChanges(new HashMap<>(nodes), new TreeMap<>(leaves));
  }

  /** True when nothing is buffered. */
  public boolean isEmpty() {
    return nodes.isEmpty() && leaves.isEmpty();
  }

  /** Writes the buffered changes to the base in one {@link TreeStore#putAll}, then clears. */
  public void commit() {
    if (!isEmpty()) {
      base.putAll(new TreeChanges(nodes, leaves));
    }
    clear();
  }

  /** Drops the buffered changes: the overlay reads as the base again. */
  public void discard() {
    clear();
  }

  private void clear() {
    nodes = new HashMap<>();
    leaves = new TreeMap<>();
    newIndexByKey = new HashMap<>();
    newSortedKeys = new TreeMap<>(KEY_ORDER);
    leafCount = base.leafCount();
  }

  @Override
  public Fr node(int height, long index) {
    Fr mine = nodes.get(TreeChanges.nodeId(height, index));
    return mine != null ? mine : base.node(height, index);
  }

  @Override
  public Leaf leaf(long index) {
    Leaf mine = leaves.get(index);
    return mine != null ? mine : base.leaf(index);
  }

  @Override
  public OptionalLong indexOf(Bytes32 key) {
    Long mine = newIndexByKey.get(key);
    return mine != null ? OptionalLong.of(mine) : base.indexOf(key);
  }

  @Override
  public long lowerIndex(Bytes32 key) {
    long fromBase = base.lowerIndex(key);
    Map.Entry<Bytes32, Long> mine = newSortedKeys.lowerEntry(key);
    if (mine == null) {
      return fromBase;
    }
    if (fromBase < 0) {
      return mine.getValue();
    }
    // Keys never change, so the base's leaf still holds the key it was found by.
    Bytes32 baseKey = base.leaf(fromBase).key();
    return KEY_ORDER.compare(mine.getKey(), baseKey) > 0 ? mine.getValue() : fromBase;
  }

  @Override
  public long leafCount() {
    return leafCount;
  }

  @Override
  public void putNode(int height, long index, Fr hash) {
    TreeStore.checkNode(height, index);
    nodes.put(TreeChanges.nodeId(height, index), hash);
  }

  @Override
  public void putLeaf(long index, Leaf leaf) {
    TreeStore.checkPutLeaf(this, index, leaf);
    if (index == leafCount) {
      newIndexByKey.put(leaf.key(), index);
      newSortedKeys.put(leaf.key(), index);
      leafCount++;
    }
    leaves.put(index, leaf);
  }
}
