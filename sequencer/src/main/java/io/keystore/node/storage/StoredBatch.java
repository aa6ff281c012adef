package io.keystore.node.storage;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;

/**
 * A node batch row ({@link BatchStatus}). Three counters are called "batch" and kept apart: the
 * node batch ({@code id}: NodeStore's number, what keystore_getBatch takes), the state batch
 * (keystore-state's batch number: a node batch starting from state batch {@code stateBase} makes
 * {@link #stateBatch()}, or none when it applied nothing) and the L1 batch index (the rollup
 * contract's, read from L1).
 *
 * @param id the node batch number
 * @param stateBase the state batch this batch starts from
 * @param leafInput the public input of its proof, when proven as a leaf of an aggregation
 * @param aggregateId the aggregate it is submitted in (docs/spec/aggregation.md §4), if any
 */
public record StoredBatch(
    long id,
    BatchStatus status,
    long time,
    long stateBase,
    int slots,
    int forcedCount,
    Optional<Bytes32> oldRoot,
    Optional<Bytes32> newRoot,
    long oldLeafCount,
    long newLeafCount,
    Optional<Bytes> updates,
    Optional<Bytes> witness,
    Optional<Bytes> proof,
    Optional<Long> l1Nonce,
    Optional<BigInteger> l1GasPrice,
    Optional<Bytes32> l1TxHash,
    Optional<Long> l1Block,
    Optional<String> progress,
    long createdAt,
    long updatedAt,
    Optional<Bytes32> leafInput,
    Optional<Long> aggregateId) {

  /** This batch with {@code hash} as the L1 transaction that carries it. */
  public StoredBatch withL1TxHash(Optional<Bytes32> hash) {
    return new StoredBatch(
        id,
        status,
        time,
        stateBase,
        slots,
        forcedCount,
        oldRoot,
        newRoot,
        oldLeafCount,
        newLeafCount,
        updates,
        witness,
        proof,
        l1Nonce,
        l1GasPrice,
        hash,
        l1Block,
        progress,
        createdAt,
        updatedAt,
        leafInput,
        aggregateId);
  }

  /** The node batch number ({@code id}). */
  public long nodeBatch() {
    return id;
  }

  /**
   * The state batch holding this batch's result, once applied (not PLANNED): the one it made
   * ({@code stateBase + 1}), or, for a batch that applied nothing (a forced-only batch whose
   * transactions were all rejected by proof: its new root is its old root), the one it started
   * from, since keystore-state stores no batch that changes nothing.
   */
  public Optional<Long> stateBatch() {
    return status == BatchStatus.PLANNED
        ? Optional.empty()
        : Optional.of(appliedNothing() ? stateBase : stateBase + 1);
  }

  /**
   * Whether the batch changed nothing: its new root is its old root (every applied transaction
   * changes its leaf).
   */
  public boolean appliedNothing() {
    return newRoot.isPresent() && newRoot.equals(oldRoot);
  }

  static StoredBatch from(ResultSet rs) throws SQLException {
    long nonce = rs.getLong("l1_nonce");
    Optional<Long> l1Nonce = rs.wasNull() ? Optional.empty() : Optional.of(nonce);
    long block = rs.getLong("l1_block");
    Optional<Long> l1Block = rs.wasNull() ? Optional.empty() : Optional.of(block);
    BigDecimal gas = rs.getBigDecimal("l1_gas_price");
    long aggregateId = rs.getLong("aggregate_id");
    Optional<Long> aggregate = rs.wasNull() ? Optional.empty() : Optional.of(aggregateId);
    return new StoredBatch(
        rs.getLong("id"),
        StatusText.parse(BatchStatus.class, rs.getString("status")),
        rs.getLong("batch_time"),
        rs.getLong("state_base"),
        rs.getInt("slots"),
        rs.getInt("forced_count"),
        bytes32(rs.getBytes("old_root")),
        bytes32(rs.getBytes("new_root")),
        rs.getLong("old_leaf_count"),
        rs.getLong("new_leaf_count"),
        Optional.ofNullable(rs.getBytes("updates")).map(Bytes::wrap),
        Optional.ofNullable(rs.getBytes("witness")).map(Bytes::wrap),
        Optional.ofNullable(rs.getBytes("proof")).map(Bytes::wrap),
        l1Nonce,
        Optional.ofNullable(gas).map(BigDecimal::toBigInteger),
        bytes32(rs.getBytes("l1_tx_hash")),
        l1Block,
        Optional.ofNullable(rs.getString("progress")),
        rs.getLong("created_at"),
        rs.getLong("updated_at"),
        bytes32(rs.getBytes("leaf_input")),
        aggregate);
  }

  private static Optional<Bytes32> bytes32(byte[] b) {
    return Optional.ofNullable(b).map(Bytes32::wrap);
  }
}
