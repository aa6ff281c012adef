package io.keystore.node.storage;

/** Where a transaction row is (column {@code txs.status}). */
public enum TxStatus {
  /** Admitted; in a batch once its batch id is set, but not yet applied. */
  PENDING,
  /** Applied by its batch. */
  BATCHED,
  /** Rejected by its batch, with a reason. */
  REJECTED
}
