package io.keystore.state.storage;

import io.keystore.state.api.AccountProof;
import io.keystore.state.api.KeystoreState;
import io.keystore.state.api.StateStore;
import io.keystore.state.crypto.Address;
import io.keystore.state.tree.IndexedMerkleTree;
import io.keystore.state.tree.TreeChanges;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;

/**
 * The whole keystore state in one H2 database: the tree ({@link H2TreeStore}) and the account
 * configurations ({@link H2ConfigStore}) over one connection, so that {@link #commit} writes a
 * batch's tree changes, its configurations and its row of roots in <b>one</b> transaction: after a
 * crash the database holds every batch whole or not at all, and the configurations always match the
 * leaves. Use it as {@code new KeystoreState(H2StateStore.open(dir), domain)}.
 *
 * <p>History: every retained batch can serve a proof of an account together with the configuration
 * then current ({@link #proofAt}); {@link #pruneHistoryBefore} drops old batches.
 *
 * <p>Not thread-safe ({@link KeystoreState} serialises its calls). Close it to release the file.
 */
public final class H2StateStore implements StateStore, AutoCloseable {

  private final H2TreeStore tree;
  private final H2ConfigStore configs;

  /** Opens (creating if needed, migrating if older) the database in {@code directory}. */
  public static H2StateStore open(Path directory) {
    return new H2StateStore(H2TreeStore.open(directory));
  }

  /** Over an open tree store (tests pass one with injected faults); takes ownership of it. */
  H2StateStore(H2TreeStore tree) {
    this.tree = Objects.requireNonNull(tree, "tree");
    try {
      this.configs = new H2ConfigStore(tree);
    } catch (RuntimeException e) {
      tree.close();
      throw e;
    }
  }

  @Override
  public H2TreeStore tree() {
    return tree;
  }

  @Override
  public H2ConfigStore configs() {
    return configs;
  }

  /**
   * Commits the tree changes and the configurations as the next batch, in one transaction with its
   * row of roots; on any failure nothing of it is written.
   *
   * @throws StorageException if the database fails
   */
  @Override
  public void commit(TreeChanges treeChanges, Map<Address, Bytes> configWrites) {
    Map<Address, Bytes> writes = Map.copyOf(configWrites);
    tree.putAll(treeChanges, (connection, batch) -> configs.write(connection, batch, writes));
  }

  /** The number of the latest committed batch (0: genesis). */
  public long latestBatch() {
    return tree.latestBatch();
  }

  /** The current root. */
  public Bytes32 root() {
    return tree.root();
  }

  /** The root committed by batch {@code batch}, if that batch exists (pruned ones included). */
  public Optional<Bytes32> rootAt(long batch) {
    return tree.rootAt(batch);
  }

  /**
   * The account's state as batch {@code batch} left it: the configuration then current with its
   * membership proof against that batch's root, or a non-membership proof.
   *
   * @throws HistoryUnavailableException if that batch's history is not kept (unknown or pruned)
   * @throws IllegalStateException if the stored configuration does not match the leaf
   */
  public AccountProof proofAt(Address account, long batch) {
    IndexedMerkleTree treeAt = tree.treeAt(batch);
    return KeystoreState.proof(treeAt, configs.at(batch), account);
  }

  /** {@link H2TreeStore#pruneHistoryBefore}: the tree's and the configurations' history. */
  public long pruneHistoryBefore(long keepFrom) {
    return tree.pruneHistoryBefore(keepFrom);
  }

  /** {@link H2TreeStore#pruneHistoryKeepingLast}. */
  public long pruneHistoryKeepingLast(long count) {
    return tree.pruneHistoryKeepingLast(count);
  }

  /** The oldest batch at which {@link #proofAt} answers. */
  public long oldestRetainedBatch() {
    return tree.oldestRetainedBatch();
  }

  @Override
  public void close() {
    tree.close();
  }
}
