package io.keystore.state.tree;

/**
 * A batch of writes to an {@link IndexedMerkleTree} that lands all or nothing. Write through {@link
 * #tree()} (its reads see the batch's own writes); {@link #commit()} hands every change to the base
 * tree's store in one {@link TreeStore#putAll}; {@link #close()} without a commit discards them.
 * Use with try-with-resources:
 *
 * <pre>{@code
 * try (TreeBatch batch = tree.beginBatch()) {
 *   witnesses.add(batch.tree().insert(key, value));
 *   ...
 *   batch.commit();
 * }
 * }</pre>
 */
public final class TreeBatch implements AutoCloseable {

  private final IndexedMerkleTree base;
  private final IndexedMerkleTree tree;
  private final OverlayTreeStore overlay;
  private boolean closed;

  TreeBatch(IndexedMerkleTree base, IndexedMerkleTree tree) {
    this.base = base;
    this.tree = tree;
    this.overlay = (OverlayTreeStore) tree.store();
  }

  /** The tree to read and write in this batch. */
  public IndexedMerkleTree tree() {
    checkOpen();
    return tree;
  }

  /**
   * The batch's changes as they stand, for a caller that commits them to the base store itself
   * (with other data, in one transaction) and then {@link #close()}s the batch.
   */
  public TreeChanges changes() {
    checkOpen();
    return overlay.changes();
  }

  /** Writes every change of the batch to the base tree, then closes the batch. */
  public void commit() {
    checkOpen();
    overlay.commit();
    close();
  }

  /** Discards the batch's changes (if not committed) and closes it. Idempotent. */
  @Override
  public void close() {
    if (!closed) {
      closed = true;
      overlay.discard();
      base.batchClosed(this);
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("this batch is closed");
    }
  }
}
