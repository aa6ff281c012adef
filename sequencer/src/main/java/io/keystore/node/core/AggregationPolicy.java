package io.keystore.node.core;

/**
 * When the node aggregates (docs/spec/aggregation.md §7). A batch proven while nothing else waits
 * (no other batch to prove, no pending transaction, no earlier batch waiting for its aggregate) is
 * proven for L1 and submitted alone: the latency of one leaf proof. Otherwise it is proven as a
 * leaf of an aggregation, and the waiting leaves are aggregated into one L1 submission of up to
 * {@code maxBatches} batches: as soon as that many wait, or once nothing is left to batch or prove
 * (the burst is over).
 *
 * @param maxBatches the most batches in one aggregated submission; below 2, never aggregate
 */
public record AggregationPolicy(int maxBatches) {

  /** Never aggregate: every batch goes to L1 alone. */
  public static final AggregationPolicy DIRECT = new AggregationPolicy(0);

  public AggregationPolicy {
    if (maxBatches < 0 || maxBatches > 64) {
      throw new IllegalArgumentException(
          "aggregation of " + maxBatches + " batches: from 2 to 64, or 0 to never aggregate");
    }
  }

  public boolean enabled() {
    return maxBatches >= 2;
  }

  /**
   * Whether the next batch to prove is proven as a leaf of an aggregation.
   *
   * @param waitingToProve batches waiting to be proven, this one included
   * @param waitingForAggregate batches proven as leaves and not yet submitted with their aggregate
   * @param pendingTransactions transactions accepted and not yet in a batch
   */
  public boolean aggregates(
      long waitingToProve, long waitingForAggregate, long pendingTransactions) {
    return enabled() && (waitingForAggregate > 0 || waitingToProve > 1 || pendingTransactions > 0);
  }
}
