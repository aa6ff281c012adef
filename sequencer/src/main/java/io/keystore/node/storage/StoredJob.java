package io.keystore.node.storage;

import java.util.Optional;

/**
 * A proving job row ({@code prove_jobs}): one proof the node needs, named after what it proves.
 *
 * @param id e.g. {@code batch-17-L1}, {@code batch-17-AGGREGATION}, {@code agg-3-2-0}
 * @param circuit the circuit that proves it, e.g. {@code batch-1}, {@code aggregate-2}
 * @param target {@code L1} or {@code AGGREGATION}
 * @param state {@link #OPEN}, {@link #LEASED} or {@link #DONE}
 * @param worker the worker holding the lease, while LEASED (or the one whose proof was taken)
 * @param leaseUntil when the lease ends, epoch milliseconds (0 when none)
 * @param attempts how many times the job was handed out
 * @param refused how many proofs of it were refused (wrong public input, not verifying)
 * @param expired how many of its leases expired
 */
public record StoredJob(
    String id,
    String circuit,
    String target,
    String state,
    Optional<String> worker,
    long leaseUntil,
    int attempts,
    int refused,
    int expired,
    long createdAt,
    long updatedAt) {

  public static final String OPEN = "OPEN";
  public static final String LEASED = "LEASED";
  public static final String DONE = "DONE";

  /** True while a worker holds it and its lease has not ended at {@code nowMillis}. */
  public boolean leasedAt(long nowMillis) {
    return LEASED.equals(state) && leaseUntil > nowMillis;
  }
}
