package io.keystore.node.storage;

/** Where a transaction forced on L1 is (column {@code forced_txs.status}). */
public enum ForcedTxStatus {
  /** Read from the L1 queue; in a batch once its batch id is set, but not yet applied. */
  QUEUED,
  /** Applied by its batch. */
  BATCHED,
  /** Rejected by proof in its batch, with a reason. */
  REJECTED;

  /** The status of a forced transaction a batch gave {@code outcome} (BATCHED or REJECTED). */
  public static ForcedTxStatus of(TxStatus outcome) {
    return switch (outcome) {
      case BATCHED -> BATCHED;
      case REJECTED -> REJECTED;
      case PENDING ->
          throw new IllegalArgumentException(
              "a batch's outcome is BATCHED or REJECTED, not PENDING");
    };
  }
}
