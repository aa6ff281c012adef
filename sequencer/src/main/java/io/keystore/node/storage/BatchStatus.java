package io.keystore.node.storage;

import java.util.List;
import java.util.Locale;

/** Where a node batch is in the pipeline (column {@code batches.status}). */
public enum BatchStatus {
  /** Transactions chosen, not yet recorded as applied. */
  PLANNED,
  /** Applied, every transaction rejected: nothing to prove. */
  EMPTY,
  /** Applied, with its witness: to prove. */
  BATCHED,
  /**
   * Proven as a leaf of an aggregation (docs/spec/aggregation.md): waiting for its aggregate's tree
   * to be proven; then PROVEN with the other batches of its aggregate.
   */
  AGGREGATING,
  /** Proven: to submit to L1 (alone, or with its aggregate). */
  PROVEN,
  /** Its root is recorded on L1. */
  SUBMITTED,
  /** Its root is confirmations-deep on L1. */
  FINALISED;

  /** The stages a batch with transactions goes through once applied, in order. */
  public static final List<BatchStatus> STAGES =
      List.of(BATCHED, AGGREGATING, PROVEN, SUBMITTED, FINALISED);

  /** Every status of a batch recorded as applied (all but PLANNED). */
  public static final List<BatchStatus> APPLIED =
      List.of(EMPTY, BATCHED, AGGREGATING, PROVEN, SUBMITTED, FINALISED);

  /** How JSON-RPC writes it: the name in lower case ("finalised"). */
  public String jsonName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
