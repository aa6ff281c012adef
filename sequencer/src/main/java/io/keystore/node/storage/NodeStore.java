package io.keystore.node.storage;

import java.math.BigInteger;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;

/**
 * The node's own database (H2 file {@code <data-dir>/node.mv.db}): the mempool, the batches with
 * their witnesses, proofs and L1 submission state. Every state change is one JDBC transaction.
 *
 * <p>Durability: what the node acknowledges or acts on (an admitted transaction, a planned batch,
 * an L1 transaction about to be sent) is first appended to the {@link NodeJournal} and forced to
 * the device, then written to H2; a commit H2 loses in a crash is written again from the journal
 * when the store opens. Everything else here is derived (witnesses, proofs, statuses that L1 or a
 * replay gives back) and is rebuilt when lost. The journal is emptied at a clean close, once H2 has
 * been closed with everything on the device.
 *
 * <p>Thread-safe by mutual exclusion over its one connection.
 */
public final class NodeStore implements AutoCloseable {

  /** The journal's file name in the data directory. */
  public static final String JOURNAL = "node.journal";

  private static final String PENDING = StatusText.of(TxStatus.PENDING);
  private static final String PLANNED = StatusText.of(BatchStatus.PLANNED);

  private final Connection connection;
  private final NodeJournal journal;
  private final int replayed;

  private NodeStore(Connection connection, NodeJournal journal) {
    this.connection = connection;
    this.journal = journal;
    this.replayed = replay(journal.entries());
  }

  /**
   * Opens (creating if needed) the node database in {@code dataDir} and writes again from the
   * journal what the database lost in a crash.
   */
  public static NodeStore open(Path dataDir) {
    Connection c = null;
    try {
      c =
          DriverManager.getConnection(
              "jdbc:h2:file:"
                  + dataDir.toAbsolutePath().resolve("node")
                  + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE");
      NodeSchema.MIGRATOR.migrate(c);
      c.setAutoCommit(false);
      c.commit();
      return new NodeStore(c, NodeJournal.open(dataDir.resolve(JOURNAL)));
    } catch (SQLException | RuntimeException e) {
      closeQuietly(c, e);
      throw e instanceof StorageFailure sf
          ? sf
          : new StorageFailure("cannot open the node database in " + dataDir, e);
    }
  }

  private static void closeQuietly(Connection c, Exception cause) {
    if (c != null) {
      try {
        c.close();
      } catch (SQLException suppressed) {
        cause.addSuppressed(suppressed);
      }
    }
  }

  /** How many journal entries the database lacked when it was opened (written again since). */
  public int replayedFromJournal() {
    return replayed;
  }

  // ------------------------------------------------------------------ the journal

  /** Writes the entries the database lacks; returns how many it lacked. */
  private int replay(List<NodeJournal.Entry> entries) {
    return inTransaction(
        () -> {
          int missing = 0;
          for (NodeJournal.Entry e : entries) {
            boolean was =
                switch (e) {
                  case NodeJournal.Accepted a -> replayAccepted(a);
                  case NodeJournal.Planned p -> replayPlanned(p);
                  case NodeJournal.Attempt a -> replayAttempt(a);
                };
            missing += was ? 1 : 0;
          }
          return missing;
        });
  }

  private boolean replayAccepted(NodeJournal.Accepted a) throws SQLException {
    if (exists(
        "SELECT 1 FROM txs WHERE hash = ? AND occurrence = ?",
        a.hash().toArrayUnsafe(),
        a.occurrence())) {
      return false;
    }
    insertPendingRows(
        List.of(new NewTx(a.hash(), a.occurrence(), a.raw(), a.receivedAt(), a.account())));
    return true;
  }

  private boolean replayPlanned(NodeJournal.Planned p) throws SQLException {
    if (exists("SELECT 1 FROM batches WHERE id = ?", p.id())) {
      return false;
    }
    for (StoredForcedTx f : p.forced()) {
      if (!exists("SELECT 1 FROM forced_txs WHERE queue_index = ?", f.queueIndex())) {
        insertForcedRow(f);
      }
    }
    List<Long> seqs = new ArrayList<>();
    for (NodeJournal.TxRef t : p.txs()) {
      seqs.add(
          scalar(
              "SELECT seq FROM txs WHERE hash = ? AND occurrence = ?",
              t.hash().toArrayUnsafe(),
              t.occurrence()));
    }
    insertPlan(
        p.id(),
        p.time(),
        p.stateBase(),
        p.slots(),
        p.forced().stream().map(StoredForcedTx::queueIndex).toList(),
        seqs,
        p.now());
    return true;
  }

  private boolean replayAttempt(NodeJournal.Attempt a) throws SQLException {
    if (exists(
        "SELECT 1 FROM batches WHERE id = ? AND l1_tx_hash = ?",
        a.id(),
        a.txHash().toArrayUnsafe())) {
      return false;
    }
    writeAttempt(a);
    return true;
  }

  private boolean exists(String sql, Object... args) throws SQLException {
    try (PreparedStatement p = connection.prepareStatement(sql)) {
      bind(p, List.of(args));
      try (ResultSet rs = p.executeQuery()) {
        return rs.next();
      }
    }
  }

  // ------------------------------------------------------------------ transactions

  /**
   * A transaction to insert as pending. {@code occurrence} numbers the rows of one hash: 0 for the
   * first, and a transaction whose bytes can be valid again later (a FinaliseRecovery, which binds
   * no nonce or epoch) is stored again, as the next occurrence, in each round it is admitted.
   */
  public record NewTx(
      Bytes32 hash, int occurrence, Bytes raw, long receivedAt, Optional<TxAccount> account) {
    /**
     * A row whose account is not recorded: batches take the pending rows oldest first while it
     * waits.
     */
    public NewTx(Bytes32 hash, int occurrence, Bytes raw, long receivedAt) {
      this(hash, occurrence, raw, receivedAt, Optional.empty());
    }
  }

  /**
   * Inserts accepted transactions as pending: journaled and forced to the device first, then in one
   * database transaction (a group commit: one journal write and one fsync for all of them).
   */
  public void insertPendingAll(List<NewTx> txs) {
    // the fsync outside the store's lock: readers (admission's duplicate checks) go on meanwhile
    journal.append(
        txs.stream()
            .map(
                t ->
                    new NodeJournal.Accepted(
                        t.hash(), t.occurrence(), t.raw(), t.receivedAt(), t.account()))
            .toList());
    synchronized (this) {
      inTransaction(
          () -> {
            insertPendingRows(txs);
            return null;
          });
    }
  }

  private void insertPendingRows(List<NewTx> txs) throws SQLException {
    try (PreparedStatement p =
        connection.prepareStatement(
            "INSERT INTO txs (hash, occurrence, raw, received_at, status, account, creates)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?)")) {
      for (NewTx t : txs) {
        p.setBytes(1, t.hash().toArrayUnsafe());
        p.setInt(2, t.occurrence());
        p.setBytes(3, t.raw().toArrayUnsafe());
        p.setLong(4, t.receivedAt());
        p.setString(5, PENDING);
        p.setBytes(6, t.account().map(a -> a.address().toArrayUnsafe()).orElse(null));
        p.setObject(7, t.account().map(TxAccount::creates).orElse(null));
        p.addBatch();
      }
      p.executeBatch();
    }
  }

  /** Pending transactions not yet in a batch, oldest first, at most {@code limit}. */
  public synchronized List<StoredTx> pending(int limit) {
    return query(
        "SELECT * FROM txs WHERE status = ? AND batch_id IS NULL ORDER BY seq LIMIT " + limit,
        List.of(PENDING));
  }

  /**
   * The pending transactions the next batch takes, at most {@code limit}, in admission order: first
   * those of accounts that exist (no creation of theirs pending), oldest first, then the others
   * (creations, and what follows them), oldest first. Each account's transactions stay in admission
   * order, and the two groups touch different accounts, so the batch applies as the mempool
   * admitted it. Oldest first only while a row whose account is not recorded is pending.
   */
  public synchronized List<StoredTx> pendingForBatch(int limit) {
    if (limit <= 0) {
      return List.of();
    }
    if (scalar(
            "SELECT COUNT(*) FROM txs WHERE status = ? AND batch_id IS NULL AND creates IS NULL",
            PENDING)
        > 0) {
      return pending(limit);
    }
    List<StoredTx> existing =
        query(
            """
        SELECT * FROM txs t WHERE t.status = ? AND t.batch_id IS NULL AND t.creates = FALSE
          AND NOT EXISTS (SELECT 1 FROM txs c WHERE c.account = t.account AND c.status = ?
                          AND c.batch_id IS NULL AND c.creates = TRUE)
        ORDER BY t.seq LIMIT ?
        """,
            List.of(PENDING, PENDING, limit));
    if (existing.size() == limit) {
      return existing;
    }
    java.util.Set<Long> taken = new java.util.HashSet<>();
    existing.forEach(t -> taken.add(t.seq()));
    List<StoredTx> out = new ArrayList<>(existing);
    pending(limit).stream()
        .filter(t -> !taken.contains(t.seq()))
        .limit(limit - existing.size())
        .forEach(out::add);
    out.sort(java.util.Comparator.comparingLong(StoredTx::seq));
    return out;
  }

  /** The transactions of a batch, in order. */
  public synchronized List<StoredTx> txsOf(long batchId) {
    return query("SELECT * FROM txs WHERE batch_id = ? ORDER BY seq", List.of(batchId));
  }

  /** The stored rows of one hash: how many, and whether one of them is still pending. */
  public record Copies(int count, boolean pending) {
    /** Whether a transaction with this hash is stored at all (in any status). */
    public boolean known() {
      return count > 0;
    }
  }

  /**
   * The stored rows of this hash (see {@link NewTx}); for a hash never seen, the usual case, one
   * index probe that finds no row.
   */
  public synchronized Copies copies(Bytes32 hash) {
    String sql = "SELECT COUNT(*), COUNT(CASE WHEN status = ? THEN 1 END) FROM txs WHERE hash = ?";
    try (PreparedStatement p = connection.prepareStatement(sql)) {
      bind(p, List.of(PENDING, hash.toArrayUnsafe()));
      try (ResultSet rs = p.executeQuery()) {
        rs.next();
        return new Copies(rs.getInt(1), rs.getInt(2) > 0);
      }
    } catch (SQLException e) {
      throw new StorageFailure("query failed: " + sql, e);
    }
  }

  /** When the oldest pending transaction not yet in a batch was received, if there is one. */
  public synchronized Optional<Long> oldestPendingReceivedAt() {
    try (PreparedStatement p =
        connection.prepareStatement(
            "SELECT received_at FROM txs WHERE status = ? AND batch_id IS NULL ORDER BY seq LIMIT 1")) {
      p.setString(1, PENDING);
      try (ResultSet rs = p.executeQuery()) {
        return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw new StorageFailure("query of the oldest pending transaction failed", e);
    }
  }

  /** The latest stored row of this hash (a FinaliseRecovery may have one per round). */
  public synchronized Optional<StoredTx> tx(Bytes32 hash) {
    return query(
            "SELECT * FROM txs WHERE hash = ? ORDER BY seq DESC LIMIT 1",
            List.of(hash.toArrayUnsafe()))
        .stream()
        .findFirst();
  }

  public synchronized long countTxs(TxStatus status) {
    return scalar("SELECT COUNT(*) FROM txs WHERE status = ?", StatusText.of(status));
  }

  /** Pending transactions in no batch yet. */
  public synchronized long countUnbatched() {
    return scalar("SELECT COUNT(*) FROM txs WHERE status = ? AND batch_id IS NULL", PENDING);
  }

  public synchronized long countBatches(BatchStatus status) {
    return scalar("SELECT COUNT(*) FROM batches WHERE status = ?", StatusText.of(status));
  }

  // ------------------------------------------------------------------ batches

  /** Plans batch {@code id}: its row and its transactions, in one transaction. */
  public synchronized void planBatch(
      long id, long time, long stateBase, int slots, List<Long> txSeqs, long now) {
    planBatch(id, time, stateBase, slots, List.of(), txSeqs, now);
  }

  /**
   * Plans batch {@code id}: its row, the forced transactions it takes first (by queue index, in
   * order) and its other transactions; journaled and forced to the device first (the state is
   * changed after this returns, and must be replayable), then in one database transaction.
   */
  public synchronized void planBatch(
      long id,
      long time,
      long stateBase,
      int slots,
      List<Long> forcedIndexes,
      List<Long> txSeqs,
      long now) {
    List<StoredForcedTx> forced = new ArrayList<>();
    for (long index : forcedIndexes) {
      forced.addAll(forced("SELECT * FROM forced_txs WHERE queue_index = ?", index));
    }
    List<NodeJournal.TxRef> refs = new ArrayList<>();
    for (long seq : txSeqs) {
      refs.add(txRef(seq));
    }
    journal.append(List.of(new NodeJournal.Planned(id, time, stateBase, slots, forced, refs, now)));
    inTransaction(
        () -> {
          insertPlan(id, time, stateBase, slots, forcedIndexes, txSeqs, now);
          return null;
        });
  }

  private NodeJournal.TxRef txRef(long seq) {
    try (PreparedStatement p =
        connection.prepareStatement("SELECT hash, occurrence FROM txs WHERE seq = ?")) {
      p.setLong(1, seq);
      try (ResultSet rs = p.executeQuery()) {
        if (!rs.next()) {
          throw new StorageFailure("no transaction row " + seq, new SQLException("missing row"));
        }
        return new NodeJournal.TxRef(Bytes32.wrap(rs.getBytes(1)), rs.getInt(2));
      }
    } catch (SQLException e) {
      throw new StorageFailure("query of transaction row " + seq + " failed", e);
    }
  }

  private void insertPlan(
      long id,
      long time,
      long stateBase,
      int slots,
      List<Long> forcedIndexes,
      List<Long> txSeqs,
      long now)
      throws SQLException {
    try (PreparedStatement p =
        connection.prepareStatement(
            "INSERT INTO batches (id, status, batch_time, state_base, slots, forced_count,"
                + " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
      bind(
          p,
          List.of(
              id,
              StatusText.of(BatchStatus.PLANNED),
              time,
              stateBase,
              slots,
              forcedIndexes.size(),
              now,
              now));
      p.executeUpdate();
    }
    try (PreparedStatement p =
        connection.prepareStatement("UPDATE forced_txs SET batch_id = ? WHERE queue_index = ?")) {
      for (long index : forcedIndexes) {
        p.setLong(1, id);
        p.setLong(2, index);
        p.addBatch();
      }
      p.executeBatch();
    }
    try (PreparedStatement p =
        connection.prepareStatement("UPDATE txs SET batch_id = ? WHERE seq = ?")) {
      for (long seq : txSeqs) {
        p.setLong(1, id);
        p.setLong(2, seq);
        p.addBatch();
      }
      p.executeBatch();
    }
  }

  /**
   * Records a planned batch's outcome in one transaction: each transaction batched or rejected, and
   * the batch BATCHED with its witness (or EMPTY when nothing applied).
   */
  public synchronized void recordBatch(BatchRecord record, List<TxResult> results, long now) {
    recordBatch(record, List.of(), results, now);
  }

  /**
   * Records a planned batch's outcome in one transaction: each forced transaction (by queue index)
   * and each other transaction batched or rejected, and the batch BATCHED with its witness (or
   * EMPTY when nothing takes a slot).
   */
  public synchronized void recordBatch(
      BatchRecord record, List<TxResult> forcedResults, List<TxResult> results, long now) {
    inTransaction(
        () -> {
          try (PreparedStatement p =
              connection.prepareStatement(
                  "UPDATE forced_txs SET status = ?, reason = ?, message = ? WHERE queue_index = ?")) {
            for (TxResult r : forcedResults) {
              p.setString(1, StatusText.of(ForcedTxStatus.of(r.status())));
              p.setString(2, r.reason().orElse(null));
              p.setString(3, r.message().orElse(null));
              p.setLong(4, r.seq());
              p.addBatch();
            }
            p.executeBatch();
          }
          try (PreparedStatement p =
              connection.prepareStatement(
                  "UPDATE txs SET status = ?, reason = ?, message = ? WHERE seq = ?")) {
            for (TxResult r : results) {
              p.setString(1, StatusText.of(r.status()));
              p.setString(2, r.reason().orElse(null));
              p.setString(3, r.message().orElse(null));
              p.setLong(4, r.seq());
              p.addBatch();
            }
            p.executeBatch();
          }
          try (PreparedStatement p =
              connection.prepareStatement(
                  "UPDATE batches SET status = ?, old_root = ?, new_root = ?, old_leaf_count = ?,"
                      + " new_leaf_count = ?, updates = ?, witness = ?, updated_at = ? WHERE id = ?")) {
            p.setString(1, StatusText.of(record.status()));
            p.setBytes(2, record.oldRoot().toArrayUnsafe());
            p.setBytes(3, record.newRoot().toArrayUnsafe());
            p.setLong(4, record.oldLeafCount());
            p.setLong(5, record.newLeafCount());
            p.setBytes(6, record.updates().toArrayUnsafe());
            p.setBytes(7, record.witness().toArrayUnsafe());
            p.setLong(8, now);
            p.setLong(9, record.id());
            p.executeUpdate();
          }
          return null;
        });
  }

  public synchronized void setProof(long id, Bytes proof, long now) {
    update(
        "UPDATE batches SET status = ?, proof = ?, leaf_input = NULL, updated_at = ? WHERE id = ?",
        StatusText.of(BatchStatus.PROVEN),
        proof.toArrayUnsafe(),
        now,
        id);
    forceToDevice();
  }

  /**
   * Forces what H2 holds to the device: after storing a proof, which took seconds to minutes to
   * make and which the journal does not keep (H2 alone can lose its last commits to a kill).
   */
  private void forceToDevice() {
    try (Statement s = connection.createStatement()) {
      s.execute("CHECKPOINT SYNC");
    } catch (SQLException e) {
      throw new StorageFailure("checkpoint failed", e);
    }
  }

  // ------------------------------------------------------------------ aggregation

  /**
   * Stores the proof of batch {@code id} made as a leaf of an aggregation, with its public input:
   * the batch is AGGREGATING until its aggregate's tree is proven.
   */
  public synchronized void setLeafProof(long id, Bytes proof, Bytes32 input, long now) {
    update(
        "UPDATE batches SET status = ?, proof = ?, leaf_input = ?, updated_at = ? WHERE id = ?",
        StatusText.of(BatchStatus.AGGREGATING),
        proof.toArrayUnsafe(),
        input.toArrayUnsafe(),
        now,
        id);
    forceToDevice();
  }

  /** AGGREGATING batches not yet in an aggregate, in order. */
  public synchronized List<StoredBatch> leavesWithoutAggregate() {
    return batches(
        "SELECT * FROM batches WHERE status = ? AND aggregate_id IS NULL ORDER BY id",
        StatusText.of(BatchStatus.AGGREGATING));
  }

  /**
   * Makes an aggregate of the AGGREGATING batches {@code firstBatch..lastBatch} (batches between
   * them that applied nothing have nothing to submit and stay out), numbered by its first batch, in
   * one transaction.
   */
  public synchronized StoredAggregate createAggregate(long firstBatch, long lastBatch, long now) {
    inTransaction(
        () -> {
          try (PreparedStatement p =
              connection.prepareStatement(
                  "INSERT INTO aggregates (id, first_batch, last_batch, created_at, updated_at)"
                      + " VALUES (?, ?, ?, ?, ?)")) {
            bind(p, List.of(firstBatch, firstBatch, lastBatch, now, now));
            p.executeUpdate();
          }
          try (PreparedStatement p =
              connection.prepareStatement(
                  "UPDATE batches SET aggregate_id = ?, updated_at = ?"
                      + " WHERE id BETWEEN ? AND ? AND status = ?")) {
            bind(
                p,
                List.of(
                    firstBatch,
                    now,
                    firstBatch,
                    lastBatch,
                    StatusText.of(BatchStatus.AGGREGATING)));
            p.executeUpdate();
          }
          return null;
        });
    return aggregate(firstBatch).orElseThrow();
  }

  public synchronized Optional<StoredAggregate> aggregate(long id) {
    return aggregates("SELECT * FROM aggregates WHERE id = ?", id).stream().findFirst();
  }

  /** The aggregates whose tree is not proven yet, oldest first. */
  public synchronized List<StoredAggregate> unprovenAggregates() {
    return aggregates("SELECT * FROM aggregates WHERE proof IS NULL ORDER BY id");
  }

  /** The batches of aggregate {@code id}, in order. */
  public synchronized List<StoredBatch> aggregateMembers(long id) {
    return batches("SELECT * FROM batches WHERE aggregate_id = ? ORDER BY id", id);
  }

  /** The proofs of aggregate {@code id}'s tree made so far, by level and position. */
  public synchronized Map<StoredAggregate.Position, StoredAggregate.NodeProof> aggregateNodes(
      long id) {
    Map<StoredAggregate.Position, StoredAggregate.NodeProof> out = new HashMap<>();
    try (PreparedStatement p =
        connection.prepareStatement(
            "SELECT level, position, proof, input FROM aggregate_nodes WHERE aggregate_id = ?")) {
      p.setLong(1, id);
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          out.put(
              new StoredAggregate.Position(rs.getInt(1), rs.getInt(2)),
              new StoredAggregate.NodeProof(
                  Bytes.wrap(rs.getBytes(3)), Bytes32.wrap(rs.getBytes(4))));
        }
      }
    } catch (SQLException e) {
      throw new StorageFailure("query of aggregate " + id + "'s proofs failed", e);
    }
    return out;
  }

  /** Stores the proof of one inner node of aggregate {@code id}'s tree. */
  public synchronized void putAggregateNode(
      long id, StoredAggregate.Position at, StoredAggregate.NodeProof proof, long now) {
    update(
        "MERGE INTO aggregate_nodes (aggregate_id, level, position, proof, input, created_at)"
            + " KEY (aggregate_id, level, position) VALUES (?, ?, ?, ?, ?, ?)",
        id,
        at.level(),
        at.position(),
        proof.proof().toArrayUnsafe(),
        proof.input().toArrayUnsafe(),
        now);
    forceToDevice();
  }

  /**
   * Stores the root proof of aggregate {@code id} (for L1) and makes its batches PROVEN, in one
   * transaction.
   */
  public synchronized void setAggregateProof(long id, Bytes proof, long now) {
    inTransaction(
        () -> {
          try (PreparedStatement p =
              connection.prepareStatement(
                  "UPDATE aggregates SET proof = ?, updated_at = ? WHERE id = ?")) {
            bind(p, List.of(proof.toArrayUnsafe(), now, id));
            p.executeUpdate();
          }
          try (PreparedStatement p =
              connection.prepareStatement(
                  "UPDATE batches SET status = ?, updated_at = ? WHERE aggregate_id = ?")) {
            bind(p, List.of(StatusText.of(BatchStatus.PROVEN), now, id));
            p.executeUpdate();
          }
          return null;
        });
    forceToDevice();
  }

  private List<StoredAggregate> aggregates(String sql, Object... args) {
    List<StoredAggregate> out = new ArrayList<>();
    try (PreparedStatement p = connection.prepareStatement(sql)) {
      bind(p, List.of(args));
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          out.add(
              new StoredAggregate(
                  rs.getLong("id"),
                  rs.getLong("first_batch"),
                  rs.getLong("last_batch"),
                  Optional.ofNullable(rs.getBytes("proof")).map(Bytes::wrap)));
        }
      }
    } catch (SQLException e) {
      throw new StorageFailure("query failed: " + sql, e);
    }
    return out;
  }

  // ------------------------------------------------------------------ proving jobs

  /**
   * Records job {@code id} as OPEN unless it exists (a job's id names what it proves, so a job
   * derived again after a restart finds its row, lease and counters); returns the row.
   */
  public synchronized StoredJob openJob(String id, String circuit, String target, long nowMillis) {
    update(
        "MERGE INTO prove_jobs t USING (VALUES (CAST(? AS VARCHAR(64)))) s(id) ON t.id = s.id"
            + " WHEN NOT MATCHED THEN INSERT (id, circuit, target, state, created_at, updated_at)"
            + " VALUES (?, ?, ?, 'OPEN', ?, ?)",
        id,
        id,
        circuit,
        target,
        nowMillis,
        nowMillis);
    forceToDevice(); // durable before it is proven or handed out
    return job(id).orElseThrow();
  }

  public synchronized Optional<StoredJob> job(String id) {
    return jobs("SELECT * FROM prove_jobs WHERE id = ?", id).stream().findFirst();
  }

  /** Jobs in {@code state}, by id. */
  public synchronized List<StoredJob> jobsIn(String state) {
    return jobs("SELECT * FROM prove_jobs WHERE state = ? ORDER BY id", state);
  }

  /**
   * Hands OPEN job {@code id} to {@code worker} until {@code leaseUntil}, forced to the device
   * before it returns; false if not OPEN.
   */
  public synchronized boolean leaseJob(String id, String worker, long leaseUntil, long nowMillis) {
    boolean leased =
        changed(
            "UPDATE prove_jobs SET state = 'LEASED', worker = ?, lease_until = ?,"
                + " attempts = attempts + 1, updated_at = ? WHERE id = ? AND state = 'OPEN'",
            worker,
            leaseUntil,
            nowMillis,
            id);
    if (leased) {
      forceToDevice(); // a kill of the node after the job went out does not forget who has it
    }
    return leased;
  }

  /** Extends {@code worker}'s lease of job {@code id}; false if it holds none. */
  public synchronized boolean renewLease(
      String id, String worker, long leaseUntil, long nowMillis) {
    return changed(
        "UPDATE prove_jobs SET lease_until = ?, updated_at = ?"
            + " WHERE id = ? AND state = 'LEASED' AND worker = ?",
        leaseUntil,
        nowMillis,
        id,
        worker);
  }

  /**
   * Extends every lease to at least {@code leaseUntil}: a node starting gives the workers that held
   * jobs while it was down a whole lease to renew with it.
   */
  public synchronized int extendLeases(long leaseUntil, long nowMillis) {
    return inTransaction(
        () -> {
          try (PreparedStatement p =
              connection.prepareStatement(
                  "UPDATE prove_jobs SET lease_until = ?, updated_at = ?"
                      + " WHERE state = 'LEASED' AND lease_until < ?")) {
            bind(p, List.of(leaseUntil, nowMillis, leaseUntil));
            return p.executeUpdate();
          }
        });
  }

  /** Makes LEASED job {@code id} OPEN again when its lease ended before {@code nowMillis}. */
  public synchronized boolean expireLease(String id, long nowMillis) {
    return changed(
        "UPDATE prove_jobs SET state = 'OPEN', worker = NULL, lease_until = 0,"
            + " expired = expired + 1, updated_at = ?"
            + " WHERE id = ? AND state = 'LEASED' AND lease_until <= ?",
        nowMillis,
        id,
        nowMillis);
  }

  /**
   * Counts a refused proof of job {@code id} from {@code worker}, and makes the job OPEN again if
   * that worker held it (a late wrong answer leaves another worker's lease alone).
   */
  public synchronized void refuseJobProof(String id, String worker, long nowMillis) {
    update(
        "UPDATE prove_jobs SET refused = refused + 1, updated_at = ? WHERE id = ?", nowMillis, id);
    releaseJob(id, worker, nowMillis);
  }

  /** Makes job {@code id} OPEN again if {@code worker} holds it (it could not prove it). */
  public synchronized boolean releaseJob(String id, String worker, long nowMillis) {
    return changed(
        "UPDATE prove_jobs SET state = 'OPEN', worker = NULL, lease_until = 0, updated_at = ?"
            + " WHERE id = ? AND state = 'LEASED' AND worker = ?",
        nowMillis,
        id,
        worker);
  }

  /** Job {@code id} has its proof, from {@code worker}. */
  public synchronized void finishJob(String id, String worker, long nowMillis) {
    update(
        "UPDATE prove_jobs SET state = 'DONE', worker = ?, lease_until = 0, updated_at = ?"
            + " WHERE id = ?",
        worker,
        nowMillis,
        id);
  }

  private boolean changed(String sql, Object... args) {
    return inTransaction(
        () -> {
          try (PreparedStatement p = connection.prepareStatement(sql)) {
            bind(p, List.of(args));
            return p.executeUpdate() > 0;
          }
        });
  }

  private List<StoredJob> jobs(String sql, Object... args) {
    List<StoredJob> out = new ArrayList<>();
    try (PreparedStatement p = connection.prepareStatement(sql)) {
      bind(p, List.of(args));
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          out.add(
              new StoredJob(
                  rs.getString("id"),
                  rs.getString("circuit"),
                  rs.getString("target"),
                  rs.getString("state"),
                  Optional.ofNullable(rs.getString("worker")),
                  rs.getLong("lease_until"),
                  rs.getInt("attempts"),
                  rs.getInt("refused"),
                  rs.getInt("expired"),
                  rs.getLong("created_at"),
                  rs.getLong("updated_at")));
        }
      }
    } catch (SQLException e) {
      throw new StorageFailure("query failed: " + sql, e);
    }
    return out;
  }

  public synchronized void setProgress(long id, String progress) {
    update("UPDATE batches SET progress = ? WHERE id = ?", progress, id);
  }

  /** Persists the L1 transaction about to be sent (before it is sent): journaled, then stored. */
  public synchronized void setL1Attempt(
      long id, long nonce, BigInteger gasPrice, Bytes32 txHash, long now) {
    NodeJournal.Attempt attempt = new NodeJournal.Attempt(id, nonce, gasPrice, txHash, now);
    journal.append(List.of(attempt));
    inTransaction(
        () -> {
          writeAttempt(attempt);
          return null;
        });
  }

  private void writeAttempt(NodeJournal.Attempt a) throws SQLException {
    try (PreparedStatement p =
        connection.prepareStatement(
            "UPDATE batches SET l1_nonce = ?, l1_gas_price = ?, l1_tx_hash = ?, updated_at = ? WHERE id = ?")) {
      bind(
          p,
          List.of(
              a.nonce(),
              new java.math.BigDecimal(a.gasPrice()),
              a.txHash().toArrayUnsafe(),
              a.now(),
              a.id()));
      p.executeUpdate();
    }
  }

  public synchronized void setSubmitted(long id, long l1Block, long now) {
    update(
        "UPDATE batches SET status = ?, l1_block = ?, updated_at = ? WHERE id = ?",
        StatusText.of(BatchStatus.SUBMITTED),
        l1Block,
        now,
        id);
  }

  public synchronized void setStatus(long id, BatchStatus status, long now) {
    update(
        "UPDATE batches SET status = ?, updated_at = ? WHERE id = ?",
        StatusText.of(status),
        now,
        id);
  }

  /**
   * Halts L1 submission of batch {@code id} (it stays PROVEN): the submitter sends nothing for it,
   * or for any later batch, while the reason is recorded. Kept across restarts.
   */
  public synchronized void haltSubmission(long id, String reason, long now) {
    String r = reason.length() > 1000 ? reason.substring(0, 997) + "..." : reason;
    update("UPDATE batches SET l1_halted = ?, updated_at = ? WHERE id = ?", r, now, id);
  }

  /** Lets batch {@code id} be submitted again. */
  public synchronized void resumeSubmission(long id, long now) {
    update("UPDATE batches SET l1_halted = NULL, updated_at = ? WHERE id = ?", now, id);
  }

  /** Why L1 submission of batch {@code id} is halted, if it is. */
  public synchronized Optional<String> submissionHalt(long id) {
    try (PreparedStatement p =
        connection.prepareStatement("SELECT l1_halted FROM batches WHERE id = ?")) {
      p.setLong(1, id);
      try (ResultSet rs = p.executeQuery()) {
        return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw new StorageFailure("query of batch " + id + "'s submission halt failed", e);
    }
  }

  /** Batches whose L1 submission is halted. */
  public synchronized long countHaltedSubmissions() {
    return scalar("SELECT COUNT(*) FROM batches WHERE l1_halted IS NOT NULL");
  }

  public synchronized Optional<StoredBatch> batch(long id) {
    return batches("SELECT * FROM batches WHERE id = ?", id).stream().findFirst();
  }

  /** The oldest batch in {@code status}. */
  public synchronized Optional<StoredBatch> firstBatch(BatchStatus status) {
    return batches(
            "SELECT * FROM batches WHERE status = ? ORDER BY id LIMIT 1", StatusText.of(status))
        .stream()
        .findFirst();
  }

  public synchronized List<StoredBatch> batchesIn(BatchStatus status) {
    return batches("SELECT * FROM batches WHERE status = ? ORDER BY id", StatusText.of(status));
  }

  public synchronized long lastBatchId() {
    return scalar("SELECT COALESCE(MAX(id), 0) FROM batches");
  }

  /** The latest batch that reached {@code status} or later in the pipeline, by id. */
  public synchronized Optional<StoredBatch> latestBatchIn(List<BatchStatus> statuses) {
    String in = String.join(",", statuses.stream().map(s -> "?").toList());
    return batches(
            "SELECT * FROM batches WHERE status IN (" + in + ") ORDER BY id DESC LIMIT 1",
            statuses.stream().map(StatusText::of).toArray())
        .stream()
        .findFirst();
  }

  /**
   * The batches recorded as applied (every status but PLANNED) that start from state batch {@code
   * stateBase} or later, in order: what the state must hold past that batch.
   */
  public synchronized List<StoredBatch> recordedFrom(long stateBase) {
    return batches(
        "SELECT * FROM batches WHERE status <> ? AND state_base >= ? ORDER BY id",
        PLANNED,
        stateBase);
  }

  /** The latest batch recorded as applied (every status but PLANNED). */
  public synchronized Optional<StoredBatch> latestRecorded() {
    return batches("SELECT * FROM batches WHERE status <> ? ORDER BY id DESC LIMIT 1", PLANNED)
        .stream()
        .findFirst();
  }

  /**
   * The state batch the node's records end at: the one the latest recorded batch made (a batch
   * starting from state batch {@code n} makes {@code n + 1}, or none when it applied nothing), or
   * genesis (0) with no record.
   */
  public synchronized long recordedStateBatch() {
    return latestRecorded().flatMap(StoredBatch::stateBatch).orElse(0L);
  }

  /** The earliest batch whose new root is {@code root}, if the node produced it. */
  public synchronized Optional<StoredBatch> batchWithNewRoot(Bytes32 root) {
    return batches(
            "SELECT * FROM batches WHERE new_root = ? ORDER BY id LIMIT 1",
            (Object) root.toArrayUnsafe())
        .stream()
        .findFirst();
  }

  /**
   * The latest batch whose new root is a given root: one probe of index {@code batches_new_root}.
   */
  static final String LATEST_WITH_NEW_ROOT =
      "SELECT * FROM batches WHERE new_root = ? ORDER BY id DESC LIMIT 1";

  /**
   * The latest batch whose new root is {@code root} (an EMPTY batch repeats its old root), if the
   * node produced it: one index probe, whatever the number of batches.
   */
  public synchronized Optional<StoredBatch> latestBatchWithNewRoot(Bytes32 root) {
    return batches(LATEST_WITH_NEW_ROOT, (Object) root.toArrayUnsafe()).stream().findFirst();
  }

  // ------------------------------------------------------------------ forced transactions

  /** Records a transaction read from the L1 queue; false when its queue index is known. */
  public synchronized boolean insertForced(StoredForcedTx f) {
    return inTransaction(
        () -> {
          try {
            insertForcedRow(f);
            return true;
          } catch (SQLException e) {
            if (e.getErrorCode() == org.h2.api.ErrorCode.DUPLICATE_KEY_1) {
              return false;
            }
            throw e;
          }
        });
  }

  private void insertForcedRow(StoredForcedTx f) throws SQLException {
    try (PreparedStatement p =
        connection.prepareStatement(
            "INSERT INTO forced_txs (queue_index, hash, raw, signer_key, force_id, queued_at,"
                + " l1_block, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
      p.setLong(1, f.queueIndex());
      p.setBytes(2, f.hash().toArrayUnsafe());
      p.setBytes(3, f.raw().toArrayUnsafe());
      p.setBytes(4, f.signerKey().toArrayUnsafe());
      p.setBytes(5, f.forceId().toArrayUnsafe());
      p.setLong(6, f.queuedAt());
      p.setLong(7, f.l1Block());
      p.setString(8, StatusText.of(ForcedTxStatus.QUEUED));
      p.executeUpdate();
    }
  }

  /** Queued transactions in no batch yet, in queue order, at most {@code limit}. */
  public synchronized List<StoredForcedTx> forcedUnbatched(int limit) {
    return forced(
        "SELECT * FROM forced_txs WHERE status = ? AND batch_id IS NULL ORDER BY queue_index"
            + " LIMIT "
            + limit,
        StatusText.of(ForcedTxStatus.QUEUED));
  }

  /** The forced transactions of a batch, in queue order. */
  public synchronized List<StoredForcedTx> forcedOf(long batchId) {
    return forced("SELECT * FROM forced_txs WHERE batch_id = ? ORDER BY queue_index", batchId);
  }

  /** The latest queue entry of the transaction with this hash. */
  public synchronized Optional<StoredForcedTx> forcedByHash(Bytes32 hash) {
    return forced(
            "SELECT * FROM forced_txs WHERE hash = ? ORDER BY queue_index DESC LIMIT 1",
            (Object) hash.toArrayUnsafe())
        .stream()
        .findFirst();
  }

  /** The next queue index the node has not read, i.e. one past the highest known. */
  public synchronized long nextForcedIndex() {
    return scalar("SELECT COALESCE(MAX(queue_index) + 1, 0) FROM forced_txs");
  }

  private List<StoredForcedTx> forced(String sql, Object... args) {
    try (PreparedStatement p = connection.prepareStatement(sql)) {
      bind(p, List.of(args));
      List<StoredForcedTx> out = new ArrayList<>();
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          long batch = rs.getLong("batch_id");
          Optional<Long> batchId = rs.wasNull() ? Optional.empty() : Optional.of(batch);
          out.add(
              new StoredForcedTx(
                  rs.getLong("queue_index"),
                  Bytes32.wrap(rs.getBytes("hash")),
                  Bytes.wrap(rs.getBytes("raw")),
                  Bytes.wrap(rs.getBytes("signer_key")),
                  Bytes32.wrap(rs.getBytes("force_id")),
                  rs.getLong("queued_at"),
                  rs.getLong("l1_block"),
                  StatusText.parse(ForcedTxStatus.class, rs.getString("status")),
                  batchId,
                  Optional.ofNullable(rs.getString("reason")),
                  Optional.ofNullable(rs.getString("message"))));
        }
      }
      return out;
    } catch (SQLException e) {
      throw new StorageFailure("query failed: " + sql, e);
    }
  }

  // ------------------------------------------------------------------ meta

  public synchronized Optional<String> meta(String key) {
    try (PreparedStatement p = connection.prepareStatement("SELECT v FROM meta WHERE k = ?")) {
      p.setString(1, key);
      try (ResultSet rs = p.executeQuery()) {
        return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw new StorageFailure("meta read failed", e);
    }
  }

  public synchronized void putMeta(String key, String value) {
    update("MERGE INTO meta (k, v) KEY (k) VALUES (?, ?)", key, value);
  }

  // ------------------------------------------------------------------ plumbing

  private interface Work<T> {
    T run() throws SQLException;
  }

  private <T> T inTransaction(Work<T> work) {
    try {
      T result = work.run();
      connection.commit();
      return result;
    } catch (SQLException | RuntimeException e) {
      try {
        connection.rollback();
      } catch (SQLException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e instanceof StorageFailure sf
          ? sf
          : new StorageFailure("node database write failed", e);
    }
  }

  private void update(String sql, Object... args) {
    inTransaction(
        () -> {
          try (PreparedStatement p = connection.prepareStatement(sql)) {
            bind(p, List.of(args));
            p.executeUpdate();
          }
          return null;
        });
  }

  private long scalar(String sql, Object... args) {
    try (PreparedStatement p = connection.prepareStatement(sql)) {
      bind(p, List.of(args));
      try (ResultSet rs = p.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (SQLException e) {
      throw new StorageFailure("query failed: " + sql, e);
    }
  }

  private static void bind(PreparedStatement p, List<?> args) throws SQLException {
    for (int i = 0; i < args.size(); i++) {
      p.setObject(i + 1, args.get(i));
    }
  }

  private List<StoredTx> query(String sql, List<?> args) {
    try (PreparedStatement p = connection.prepareStatement(sql)) {
      bind(p, args);
      List<StoredTx> out = new ArrayList<>();
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          long batch = rs.getLong("batch_id");
          Optional<Long> batchId = rs.wasNull() ? Optional.empty() : Optional.of(batch);
          out.add(
              new StoredTx(
                  rs.getLong("seq"),
                  Bytes32.wrap(rs.getBytes("hash")),
                  Bytes.wrap(rs.getBytes("raw")),
                  rs.getLong("received_at"),
                  StatusText.parse(TxStatus.class, rs.getString("status")),
                  batchId,
                  Optional.ofNullable(rs.getString("reason")),
                  Optional.ofNullable(rs.getString("message"))));
        }
      }
      return out;
    } catch (SQLException e) {
      throw new StorageFailure("query failed: " + sql, e);
    }
  }

  private List<StoredBatch> batches(String sql, Object... args) {
    try (PreparedStatement p = connection.prepareStatement(sql)) {
      bind(p, List.of(args));
      List<StoredBatch> out = new ArrayList<>();
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          out.add(StoredBatch.from(rs));
        }
      }
      return out;
    } catch (SQLException e) {
      throw new StorageFailure("query failed: " + sql, e);
    }
  }

  /**
   * Closes the database cleanly (everything written and forced to the device), then empties the
   * journal, whose entries the database now holds for good.
   */
  @Override
  public synchronized void close() {
    try (journal) {
      try (Statement s = connection.createStatement()) {
        s.execute("CHECKPOINT SYNC");
      }
      connection.close();
      journal.reset();
    } catch (SQLException e) {
      throw new StorageFailure("close failed", e);
    }
  }
}
