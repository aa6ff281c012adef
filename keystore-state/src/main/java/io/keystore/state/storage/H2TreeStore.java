package io.keystore.state.storage;

import io.keystore.state.hash.Fr;
import io.keystore.state.tree.IndexedMerkleTree;
import io.keystore.state.tree.Leaf;
import io.keystore.state.tree.MembershipProof;
import io.keystore.state.tree.OverlayTreeStore;
import io.keystore.state.tree.TreeChanges;
import io.keystore.state.tree.TreeStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.tuweni.bytes.Bytes32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link TreeStore} in an H2 database file: the indexed Merkle tree's nodes, leaves and keys, the
 * root of every committed batch, and the versions of nodes and leaves that let proofs be made
 * against any of those roots ({@link #at(long)}) until they are pruned ({@link
 * #pruneHistoryBefore}). The same database holds the account configurations of an {@link
 * H2StateStore}, which opens this store and writes each batch's configurations inside the
 * transaction of {@link #putAll}: a database of a keystore state must be written through its {@code
 * H2StateStore} only.
 *
 * <h2>Batches and durability</h2>
 *
 * <p>The connection runs with autocommit off. Writes come only through {@link #putAll}, which is
 * one JDBC transaction: it writes the leaves, keys and nodes, their versions, and a row of {@code
 * roots} (batch number, root, leaf count, time), then commits; on any failure it rolls back, so the
 * database holds the previous batch and no row of the failed one. Batch 0 is the genesis state,
 * written when the database is created. {@link #putLeaf} and {@link #putNode} on their own are
 * refused: write through {@link IndexedMerkleTree#beginBatch()}, whose commit calls {@code putAll}.
 *
 * <p>The database is opened with {@code WRITE_DELAY=0}: H2 hands a transaction's changes to the
 * operating system before {@code commit()} returns. That does not make a commit durable: measured
 * on H2 2.5 (sequencer's {@code NodeStoreKillTest}), a process killed with {@code kill -9} can come
 * back without its last commits, because MVStore's recovery after an unclean shutdown falls back to
 * the newest chunk whose whole chunk set it can find. A crash never leaves half of a batch, but it
 * can lose the latest batches: a caller that must not lose them keeps what it needs to apply them
 * again (the node keeps every batch's transactions in its journal and replays what the state lacks
 * at start-up).
 *
 * <h2>Cache</h2>
 *
 * <p>Recently read or written nodes of the latest state stay in a bounded in-memory map. It is
 * updated only after a commit succeeds (and cleared if a commit fails in an unknown state), so a
 * rolled-back batch never shows in it.
 *
 * <p>Not thread-safe, like every store. Close it to release the database file.
 */
public class H2TreeStore implements TreeStore, AutoCloseable {

  /** The name of the database files in the directory. */
  public static final String DB_NAME = "keystore";

  private static final Logger LOG = LoggerFactory.getLogger(H2TreeStore.class);
  private static final int CACHE_SIZE = 1 << 17;
  private static final Fr ABSENT = Fr.fromBigInteger(java.math.BigInteger.ZERO);

  private final Connection connection;
  private final PreparedStatement selectNode;
  private final PreparedStatement selectLeaf;
  private final PreparedStatement selectIndex;
  private final PreparedStatement selectLower;
  private final LinkedHashMap<Long, Fr> nodeCache =
      new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Fr> eldest) {
          return size() > CACHE_SIZE;
        }
      };
  private long leafCount;
  private long latestBatch;
  private boolean constructed;

  /** Opens (creating if needed, migrating if older) the database in {@code directory}. */
  public static H2TreeStore open(Path directory) {
    return new H2TreeStore(directory);
  }

  protected H2TreeStore(Path directory) {
    try {
      Files.createDirectories(directory);
      connection = DriverManager.getConnection(url(directory), "sa", "");
      try {
        SchemaMigrator.STATE.migrate(connection);
        connection.setAutoCommit(false);
        selectNode =
            connection.prepareStatement("SELECT hash FROM nodes WHERE height = ? AND idx = ?");
        selectLeaf = connection.prepareStatement("SELECT k, next_k, val FROM leaves WHERE idx = ?");
        selectIndex = connection.prepareStatement("SELECT idx FROM keys WHERE k = ?");
        selectLower =
            connection.prepareStatement("SELECT idx FROM keys WHERE k < ? ORDER BY k DESC LIMIT 1");
        loadCounters();
        connection.commit();
      } catch (SQLException | RuntimeException e) {
        connection.close();
        throw e;
      }
    } catch (SQLException | java.io.IOException e) {
      throw new StorageException("cannot open the tree database in " + directory, e);
    }
    if (latestBatch < 0) {
      // A new database: the genesis state, written by the tree itself, as batch 0.
      // (Through the private writeBatch: no overridable method runs before construction ends.)
      OverlayTreeStore genesis = new OverlayTreeStore(this);
      new IndexedMerkleTree(genesis);
      writeBatch(genesis.changes(), BatchRows.NONE);
    }
    constructed = true;
  }

  /**
   * The JDBC URL of the database in {@code directory}. Closed by its owner only, never by H2's
   * shutdown hook (DB_CLOSE_ON_EXIT=FALSE): a process stopping on a signal closes what still writes
   * to the store before the store.
   */
  public static String url(Path directory) {
    return "jdbc:h2:file:"
        + directory.toAbsolutePath().resolve(DB_NAME)
        + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE";
  }

  private void loadCounters() throws SQLException {
    try (Statement st = connection.createStatement();
        ResultSet rs =
            st.executeQuery("SELECT batch, leaf_count FROM roots ORDER BY batch DESC LIMIT 1")) {
      if (rs.next()) {
        latestBatch = rs.getLong(1);
        leafCount = rs.getLong(2);
      } else {
        latestBatch = -1;
        leafCount = 0;
      }
    }
  }

  // ---------------------------------------------------------------- reads (latest state)

  @Override
  public Fr node(int height, long index) {
    long id = TreeChanges.nodeId(height, index);
    Fr cached = nodeCache.get(id);
    if (cached != null) {
      return cached == ABSENT ? null : cached;
    }
    try {
      selectNode.setInt(1, height);
      selectNode.setLong(2, index);
      Fr found = null;
      try (ResultSet rs = selectNode.executeQuery()) {
        if (rs.next()) {
          found = Fr.fromBytes(Bytes32.wrap(rs.getBytes(1)));
        }
      }
      nodeCache.put(id, found == null ? ABSENT : found);
      return found;
    } catch (SQLException e) {
      throw new StorageException("cannot read node (" + height + ", " + index + ")", e);
    }
  }

  @Override
  public Leaf leaf(long index) {
    if (index < 0 || index >= leafCount) {
      return null;
    }
    try {
      selectLeaf.setLong(1, index);
      try (ResultSet rs = selectLeaf.executeQuery()) {
        return rs.next() ? leafFrom(rs.getBytes(1), rs.getBytes(2), rs.getBytes(3)) : null;
      }
    } catch (SQLException e) {
      throw new StorageException("cannot read leaf " + index, e);
    }
  }

  @Override
  public OptionalLong indexOf(Bytes32 key) {
    try {
      selectIndex.setBytes(1, key.toArrayUnsafe());
      try (ResultSet rs = selectIndex.executeQuery()) {
        return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
      }
    } catch (SQLException e) {
      throw new StorageException("cannot look up a key", e);
    }
  }

  @Override
  public long lowerIndex(Bytes32 key) {
    try {
      selectLower.setBytes(1, key.toArrayUnsafe());
      try (ResultSet rs = selectLower.executeQuery()) {
        return rs.next() ? rs.getLong(1) : -1;
      }
    } catch (SQLException e) {
      throw new StorageException("cannot search a low leaf", e);
    }
  }

  @Override
  public long leafCount() {
    return leafCount;
  }

  /** The number of the latest committed batch (0: genesis). */
  public long latestBatch() {
    return latestBatch;
  }

  /** The current root. */
  public Bytes32 root() {
    return rootAt(latestBatch).orElseThrow();
  }

  /** The root committed by batch {@code batch}, if that batch exists. */
  public Optional<Bytes32> rootAt(long batch) {
    try (PreparedStatement ps =
        connection.prepareStatement("SELECT root FROM roots WHERE batch = ?")) {
      ps.setLong(1, batch);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(Bytes32.wrap(rs.getBytes(1))) : Optional.empty();
      }
    } catch (SQLException e) {
      throw new StorageException("cannot read the root of batch " + batch, e);
    }
  }

  // ---------------------------------------------------------------- writes

  /** Refused: write in a batch ({@link IndexedMerkleTree#beginBatch()}), committed by putAll. */
  @Override
  public void putNode(int height, long index, Fr hash) {
    throw new UnsupportedOperationException(
        "an H2 tree store is written by batches only: use tree.beginBatch() and commit it");
  }

  /** Refused: write in a batch ({@link IndexedMerkleTree#beginBatch()}), committed by putAll. */
  @Override
  public void putLeaf(long index, Leaf leaf) {
    throw new UnsupportedOperationException(
        "an H2 tree store is written by batches only: use tree.beginBatch() and commit it");
  }

  /**
   * Commits {@code changes} as the next batch, in one transaction, with a row of the roots history.
   * New leaves must be the indices from {@link #leafCount()} on, without gaps, with keys not yet
   * present; an existing leaf keeps its key. All or nothing.
   *
   * @throws StorageException if the database fails (nothing is written)
   * @throws IllegalArgumentException if the changes break the rules above (nothing is written)
   */
  @Override
  public void putAll(TreeChanges changes) {
    writeBatch(changes, BatchRows.NONE);
  }

  /**
   * Rows that another store writes in a batch's transaction ({@link H2StateStore}: the
   * configurations), after the tree's rows and before the row of {@code roots}.
   */
  @FunctionalInterface
  interface BatchRows {
    BatchRows NONE = (connection, batch) -> 0;

    /** Writes the rows of batch {@code batch}; returns how many. Must not commit. */
    int write(Connection connection, long batch) throws SQLException;
  }

  /** {@link #putAll}, with {@code extra} rows written in the same transaction. */
  void putAll(TreeChanges changes, BatchRows extra) {
    writeBatch(changes, extra);
  }

  /** The connection, for the stores that share this database ({@link H2StateStore}). */
  Connection connection() {
    return connection;
  }

  private void writeBatch(TreeChanges changes, BatchRows extra) {
    long batch = latestBatch + 1;
    long newCount = leafCount;
    for (long index : changes.leaves().keySet()) {
      if (index == newCount) {
        newCount++;
      } else if (index < 0 || index > newCount) {
        throw new IllegalArgumentException(
            "leaf index "
                + index
                + " is neither an existing leaf nor the next free slot "
                + newCount);
      }
    }
    for (long id : changes.nodes().keySet()) {
      TreeStore.checkNode(TreeChanges.height(id), TreeChanges.index(id));
    }
    Fr root = changes.nodes().get(TreeChanges.nodeId(IndexedMerkleTree.DEPTH, 0));
    if (root == null) {
      root = node(IndexedMerkleTree.DEPTH, 0);
    }
    boolean committing = false;
    try {
      int rows = writeLeaves(changes, batch, 0);
      rows = writeNodes(changes, batch, rows);
      int extraRows = extra.write(connection, batch);
      if (extraRows > 0) {
        rows += extraRows;
        hook(rows);
      }
      try (PreparedStatement ps =
          connection.prepareStatement(
              "INSERT INTO roots (batch, root, leaf_count, committed_at, has_history) VALUES (?, ?, ?, ?, TRUE)")) {
        ps.setLong(1, batch);
        ps.setBytes(2, root.toBytes().toArrayUnsafe());
        ps.setLong(3, newCount);
        ps.setObject(4, OffsetDateTime.now(ZoneOffset.UTC));
        ps.executeUpdate();
      }
      hook(rows + 1);
      committing = true;
      connection.commit();
    } catch (SQLException | RuntimeException e) {
      rollbackAfter(e, committing);
      if (e instanceof IllegalArgumentException iae) {
        throw iae;
      }
      throw new StorageException("batch " + batch + " failed and was rolled back", e);
    }
    latestBatch = batch;
    leafCount = newCount;
    for (Map.Entry<Long, Fr> e : changes.nodes().entrySet()) {
      nodeCache.put(e.getKey(), e.getValue());
    }
  }

  private int writeLeaves(TreeChanges changes, long batch, int rows) throws SQLException {
    if (changes.leaves().isEmpty()) {
      return rows;
    }
    try (PreparedStatement update =
            connection.prepareStatement(
                "UPDATE leaves SET next_k = ?, val = ? WHERE idx = ? AND k = ?");
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO leaves (idx, k, next_k, val) VALUES (?, ?, ?, ?)");
        PreparedStatement key =
            connection.prepareStatement("INSERT INTO keys (k, idx) VALUES (?, ?)");
        PreparedStatement version =
            connection.prepareStatement(
                "INSERT INTO leaf_versions (idx, batch, next_k, val) VALUES (?, ?, ?, ?)")) {
      int updates = 0;
      for (Map.Entry<Long, Leaf> e : changes.leaves().entrySet()) {
        long index = e.getKey();
        Leaf leaf = e.getValue();
        if (index < leafCount) {
          update.setBytes(1, leaf.nextKey().toArrayUnsafe());
          update.setBytes(2, leaf.value().toArrayUnsafe());
          update.setLong(3, index);
          update.setBytes(4, leaf.key().toArrayUnsafe());
          update.addBatch();
          updates++;
        } else {
          insert.setLong(1, index);
          insert.setBytes(2, leaf.key().toArrayUnsafe());
          insert.setBytes(3, leaf.nextKey().toArrayUnsafe());
          insert.setBytes(4, leaf.value().toArrayUnsafe());
          insert.addBatch();
          key.setBytes(1, leaf.key().toArrayUnsafe());
          key.setLong(2, index);
          key.addBatch();
        }
        version.setLong(1, index);
        version.setLong(2, batch);
        version.setBytes(3, leaf.nextKey().toArrayUnsafe());
        version.setBytes(4, leaf.value().toArrayUnsafe());
        version.addBatch();
      }
      if (updates > 0) {
        for (int count : update.executeBatch()) {
          if (count != 1) {
            throw new IllegalArgumentException("a leaf update changes the key of an existing leaf");
          }
        }
        rows += updates;
        hook(rows);
      }
      rows += insert.executeBatch().length;
      hook(rows);
      rows += key.executeBatch().length;
      hook(rows);
      rows += version.executeBatch().length;
      hook(rows);
      return rows;
    }
  }

  private int writeNodes(TreeChanges changes, long batch, int rows) throws SQLException {
    try (PreparedStatement merge =
            connection.prepareStatement(
                "MERGE INTO nodes (height, idx, hash) KEY (height, idx) VALUES (?, ?, ?)");
        PreparedStatement version =
            connection.prepareStatement(
                "INSERT INTO node_versions (height, idx, batch, hash) VALUES (?, ?, ?, ?)")) {
      for (Map.Entry<Long, Fr> e : changes.nodes().entrySet()) {
        int height = TreeChanges.height(e.getKey());
        long index = TreeChanges.index(e.getKey());
        byte[] hash = e.getValue().toBytes().toArrayUnsafe();
        merge.setInt(1, height);
        merge.setLong(2, index);
        merge.setBytes(3, hash);
        merge.addBatch();
        version.setInt(1, height);
        version.setLong(2, index);
        version.setLong(3, batch);
        version.setBytes(4, hash);
        version.addBatch();
      }
      rows += merge.executeBatch().length;
      hook(rows);
      rows += version.executeBatch().length;
      hook(rows);
      return rows;
    }
  }

  /**
   * Called inside {@link #putAll}'s transaction after each group of rows is written, with the
   * number of rows written so far; a failure here rolls the batch back. For fault-injection tests.
   * Not called for the genesis batch (written by the constructor).
   */
  protected void afterRowsWritten(int rowsSoFar) throws SQLException {}

  private void hook(int rows) throws SQLException {
    if (constructed) { // never for the genesis batch, written by the constructor
      afterRowsWritten(rows);
    }
  }

  private void rollbackAfter(Exception cause, boolean committing) {
    try {
      connection.rollback();
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
    if (committing) {
      // The commit itself failed: whether it landed is unknown here; reread what the file holds.
      nodeCache.clear();
      try {
        loadCounters();
        connection.commit();
      } catch (SQLException e) {
        cause.addSuppressed(e);
      }
    }
  }

  // ---------------------------------------------------------------- history

  /**
   * A read-only view of the tree as batch {@code batch} left it, for proofs against that root:
   * {@code new IndexedMerkleTree(store.at(b)).membershipProof(key)}. Valid while this store is open
   * (and until the batch is pruned); its writes throw.
   *
   * @throws HistoryUnavailableException if no such batch is kept with its history (unknown,
   *     committed before history was kept, or pruned)
   */
  public TreeStore at(long batch) {
    return new HistoricalView(batch, historyLeafCount(batch));
  }

  /** The leaf count of batch {@code batch}, if its history is kept. */
  long historyLeafCount(long batch) {
    try (PreparedStatement ps =
        connection.prepareStatement(
            "SELECT leaf_count, has_history, pruned FROM roots WHERE batch = ?")) {
      ps.setLong(1, batch);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new HistoryUnavailableException(
              batch,
              HistoryUnavailableException.Reason.UNKNOWN_BATCH,
              "no batch " + batch + " in this database");
        }
        if (rs.getBoolean(3)) {
          throw new HistoryUnavailableException(
              batch,
              HistoryUnavailableException.Reason.PRUNED,
              "the history of batch " + batch + " was pruned: no proofs at it");
        }
        if (!rs.getBoolean(2)) {
          throw new HistoryUnavailableException(
              batch,
              HistoryUnavailableException.Reason.BEFORE_HISTORY,
              "batch " + batch + " was committed before node history was kept: no proofs at it");
        }
        return rs.getLong(1);
      }
    } catch (SQLException e) {
      throw new StorageException("cannot read batch " + batch, e);
    }
  }

  /**
   * Drops the history of the batches before {@code keepFrom}: afterwards proofs can be made at
   * {@code keepFrom} and every later batch, and {@link #at} of an earlier batch throws {@link
   * HistoryUnavailableException} ({@code PRUNED}); the roots of pruned batches stay listed ({@link
   * #rootAt}). A version of a position (node, leaf, or configuration in a shared database) is
   * deleted when it is older than {@code keepFrom} and a later version at or before {@code
   * keepFrom} replaces it. One transaction; idempotent.
   *
   * @return the number of version rows deleted
   * @throws IllegalArgumentException if {@code keepFrom} is negative or after the latest batch
   */
  public long pruneHistoryBefore(long keepFrom) {
    if (keepFrom < 0 || keepFrom > latestBatch) {
      throw new IllegalArgumentException(
          "cannot keep history from batch " + keepFrom + ": the latest is " + latestBatch);
    }
    try {
      long deleted = 0;
      deleted +=
          prune(
              "DELETE FROM node_versions v WHERE v.batch < ? AND EXISTS (SELECT 1 FROM node_versions w"
                  + " WHERE w.height = v.height AND w.idx = v.idx AND w.batch > v.batch AND w.batch <= ?)",
              keepFrom);
      deleted +=
          prune(
              "DELETE FROM leaf_versions v WHERE v.batch < ? AND EXISTS (SELECT 1 FROM leaf_versions w"
                  + " WHERE w.idx = v.idx AND w.batch > v.batch AND w.batch <= ?)",
              keepFrom);
      deleted +=
          prune(
              "DELETE FROM config_versions v WHERE v.batch < ? AND EXISTS (SELECT 1 FROM"
                  + " config_versions w WHERE w.account = v.account AND w.batch > v.batch"
                  + " AND w.batch <= ?)",
              keepFrom);
      try (PreparedStatement ps =
          connection.prepareStatement(
              "UPDATE roots SET pruned = TRUE WHERE batch < ? AND has_history AND NOT pruned")) {
        ps.setLong(1, keepFrom);
        ps.executeUpdate();
      }
      connection.commit();
      LOG.info("pruned history before batch {}: {} version rows deleted", keepFrom, deleted);
      return deleted;
    } catch (SQLException | RuntimeException e) {
      try {
        connection.rollback();
      } catch (SQLException r) {
        e.addSuppressed(r);
      }
      throw new StorageException("cannot prune history before batch " + keepFrom, e);
    }
  }

  /**
   * Keeps the history of the last {@code count} batches (the latest included) and drops the rest:
   * {@link #pruneHistoryBefore}{@code (latestBatch() - count + 1)}, or nothing when there are fewer
   * batches.
   *
   * @return the number of version rows deleted
   * @throws IllegalArgumentException if {@code count < 1}
   */
  public long pruneHistoryKeepingLast(long count) {
    if (count < 1) {
      throw new IllegalArgumentException("keep at least the latest batch, not " + count);
    }
    long keepFrom = latestBatch - count + 1;
    return keepFrom <= 0 ? 0 : pruneHistoryBefore(keepFrom);
  }

  /** The oldest batch whose history is kept (proofs can be made at it and every later batch). */
  public long oldestRetainedBatch() {
    try (Statement st = connection.createStatement();
        ResultSet rs =
            st.executeQuery("SELECT MIN(batch) FROM roots WHERE has_history AND NOT pruned")) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new StorageException("cannot read the retained history", e);
    }
  }

  private int prune(String sql, long keepFrom) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement(sql)) {
      ps.setLong(1, keepFrom);
      ps.setLong(2, keepFrom);
      return ps.executeUpdate();
    }
  }

  /** The tree as batch {@code batch} left it (read-only). */
  public IndexedMerkleTree treeAt(long batch) {
    return new IndexedMerkleTree(at(batch));
  }

  /** A membership proof of {@code key} against the root of batch {@code batch}. */
  public MembershipProof membershipProofAt(Bytes32 key, long batch) {
    return treeAt(batch).membershipProof(key);
  }

  private final class HistoricalView implements TreeStore {
    private final long batch;
    private final long count;
    private final HashMap<Long, Fr> nodes = new HashMap<>();

    HistoricalView(long batch, long count) {
      this.batch = batch;
      this.count = count;
    }

    @Override
    public Fr node(int height, long index) {
      long id = TreeChanges.nodeId(height, index);
      Fr cached = nodes.get(id);
      if (cached != null) {
        return cached == ABSENT ? null : cached;
      }
      try (PreparedStatement ps =
          connection.prepareStatement(
              "SELECT hash FROM node_versions WHERE height = ? AND idx = ? AND batch <= ?"
                  + " ORDER BY batch DESC LIMIT 1")) {
        ps.setInt(1, height);
        ps.setLong(2, index);
        ps.setLong(3, batch);
        try (ResultSet rs = ps.executeQuery()) {
          Fr found = rs.next() ? Fr.fromBytes(Bytes32.wrap(rs.getBytes(1))) : null;
          nodes.put(id, found == null ? ABSENT : found);
          return found;
        }
      } catch (SQLException e) {
        throw new StorageException(
            "cannot read node (" + height + ", " + index + ") at " + batch, e);
      }
    }

    @Override
    public Leaf leaf(long index) {
      if (index < 0 || index >= count) {
        return null;
      }
      try (PreparedStatement ps =
          connection.prepareStatement(
              "SELECT l.k, v.next_k, v.val FROM leaf_versions v JOIN leaves l ON l.idx = v.idx"
                  + " WHERE v.idx = ? AND v.batch <= ? ORDER BY v.batch DESC LIMIT 1")) {
        ps.setLong(1, index);
        ps.setLong(2, batch);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? leafFrom(rs.getBytes(1), rs.getBytes(2), rs.getBytes(3)) : null;
        }
      } catch (SQLException e) {
        throw new StorageException("cannot read leaf " + index + " at " + batch, e);
      }
    }

    @Override
    public OptionalLong indexOf(Bytes32 key) {
      OptionalLong index = H2TreeStore.this.indexOf(key);
      return index.isPresent() && index.getAsLong() < count ? index : OptionalLong.empty();
    }

    @Override
    public long lowerIndex(Bytes32 key) {
      try (PreparedStatement ps =
          connection.prepareStatement(
              "SELECT idx FROM keys WHERE k < ? AND idx < ? ORDER BY k DESC LIMIT 1")) {
        ps.setBytes(1, key.toArrayUnsafe());
        ps.setLong(2, count);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? rs.getLong(1) : -1;
        }
      } catch (SQLException e) {
        throw new StorageException("cannot search a low leaf at " + batch, e);
      }
    }

    @Override
    public long leafCount() {
      return count;
    }

    @Override
    public void putNode(int height, long index, Fr hash) {
      throw new UnsupportedOperationException("a historical view is read-only");
    }

    @Override
    public void putLeaf(long index, Leaf leaf) {
      throw new UnsupportedOperationException("a historical view is read-only");
    }

    @Override
    public void putAll(TreeChanges changes) {
      throw new UnsupportedOperationException("a historical view is read-only");
    }
  }

  private static Leaf leafFrom(byte[] key, byte[] nextKey, byte[] value) {
    return new Leaf(Bytes32.wrap(key), Bytes32.wrap(nextKey), Bytes32.wrap(value));
  }

  /** Rolls back anything open and closes the database. */
  @Override
  public void close() {
    try {
      if (!connection.isClosed()) {
        connection.rollback();
        connection.close();
      }
    } catch (SQLException e) {
      throw new StorageException("cannot close the tree database", e);
    }
  }
}
