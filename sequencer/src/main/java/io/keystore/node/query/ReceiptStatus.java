package io.keystore.node.query;

import io.keystore.node.storage.BatchStatus;
import java.util.Locale;
import java.util.Optional;

/** Where a transaction is, as its receipt says: its own outcome, else its batch's stage. */
public enum ReceiptStatus {
  PENDING,
  BATCHED,
  PROVEN,
  SUBMITTED,
  /** Its batch's root is confirmations-deep on L1. */
  FINALISED,
  REJECTED,
  /** In an EMPTY batch without being rejected (not expected: an EMPTY batch rejects them all). */
  EMPTY;

  /**
   * The status of a transaction {@code rejected} or not, in {@code batch} if it is in one: pending
   * in no batch or a PLANNED one, else its batch's status.
   */
  public static ReceiptStatus of(boolean rejected, Optional<BatchStatus> batch) {
    if (rejected) {
      return REJECTED;
    }
    return batch.map(ReceiptStatus::ofBatch).orElse(PENDING);
  }

  private static ReceiptStatus ofBatch(BatchStatus b) {
    return switch (b) {
      case PLANNED -> PENDING;
      case EMPTY -> EMPTY;
      // a leaf of an aggregation: its L1 proof (the aggregate's) is not made yet
      case BATCHED, AGGREGATING -> BATCHED;
      case PROVEN -> PROVEN;
      case SUBMITTED -> SUBMITTED;
      case FINALISED -> FINALISED;
    };
  }

  /** How JSON-RPC writes it: the name in lower case ("finalised"). */
  public String jsonName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
