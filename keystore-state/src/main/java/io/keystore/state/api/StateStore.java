package io.keystore.state.api;

import io.keystore.state.crypto.Address;
import io.keystore.state.tree.TreeChanges;
import io.keystore.state.tree.TreeStore;
import java.util.Map;

/**
 * Where a {@link KeystoreState} keeps its state: the tree (leaf values are configHashes) and the
 * configurations beside it, committed together. {@link KeystoreState} reads through {@link #tree()}
 * and {@link #configs()}, buffers a whole batch, and hands both change sets to {@link #commit} in
 * one call; the implementation makes that call all or nothing.
 *
 * <p>Implementations: {@link #of(TreeStore, ConfigStore)} over two separate stores (configurations
 * written first, restored if the tree's write fails), and {@code
 * io.keystore.state.storage.H2StateStore}, one database transaction per batch.
 */
public interface StateStore {

  /** The tree's store, for reads (writes go through {@link #commit}). */
  TreeStore tree();

  /** The configurations, for reads (writes go through {@link #commit}). */
  ConfigStore configs();

  /**
   * Commits one batch: the tree's changes and the encoded configurations it wrote (address → {@code
   * TxCodec.encodeConfig}), all or nothing.
   *
   * @throws RuntimeException a store's exception; nothing of the batch is then stored
   */
  void commit(TreeChanges treeChanges, Map<Address, org.apache.tuweni.bytes.Bytes> configWrites);

  /**
   * Two separate stores as one: the configurations are written first (one {@link
   * ConfigStore#putAll}), then the tree (one {@link TreeStore#putAll}); if the tree's write fails,
   * the configurations written are restored to their previous values. Not atomic against a crash
   * between the two writes: for that, use a store that commits both in one transaction.
   */
  static StateStore of(TreeStore tree, ConfigStore configs) {
    return new SeparateStores(tree, configs);
  }
}
