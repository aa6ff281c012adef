package io.keystore.state.tree;

import io.keystore.state.hash.Fr;
import org.apache.tuweni.bytes.Bytes32;

/**
 * A tree store that delegates every call; tests subclass it to observe or break what they need.
 * Batch commits go through {@link TreeStore#putAll}'s default, so an override of {@code putNode} or
 * {@code putLeaf} sees every write.
 */
public class ForwardingTreeStore implements TreeStore {
  private final TreeStore delegate;

  public ForwardingTreeStore(TreeStore delegate) {
    this.delegate = delegate;
  }

  @Override
  public Fr node(int height, long index) {
    return delegate.node(height, index);
  }

  @Override
  public Leaf leaf(long index) {
    return delegate.leaf(index);
  }

  @Override
  public java.util.OptionalLong indexOf(Bytes32 key) {
    return delegate.indexOf(key);
  }

  @Override
  public long lowerIndex(Bytes32 key) {
    return delegate.lowerIndex(key);
  }

  @Override
  public long leafCount() {
    return delegate.leafCount();
  }

  @Override
  public void putNode(int height, long index, Fr hash) {
    delegate.putNode(height, index, hash);
  }

  @Override
  public void putLeaf(long index, Leaf leaf) {
    delegate.putLeaf(index, leaf);
  }
}
