package io.keystore.node.core;

import io.keystore.prover.ProofTarget;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;

/**
 * One proof the node needs: what the prover stage hands to a {@link JobProver}.
 *
 * @param id named after what it proves, so a job derived again (after a restart, a lease expired)
 *     has the same id: {@code batch-17-L1}, {@code batch-17-AGGREGATION}, {@code agg-3-2-0}
 *     (aggregate 3, tree level 2, position 0)
 * @param circuit the circuit that proves it, e.g. {@code batch-1}, {@code aggregate-2}
 * @param target the verifier the proof is made for
 * @param witness the circuit's witness bytes
 * @param expectedInput the one public input the proof must have: the batch's (proof.md §3), or the
 *     tree node's (aggregation.md §4)
 * @param batch the node batch the job belongs to (for an aggregate: its first), for progress
 */
public record ProofJob(
    String id,
    String circuit,
    ProofTarget target,
    Bytes witness,
    Bytes32 expectedInput,
    long batch) {

  /** The id of the job proving node batch {@code batch} for {@code target}. */
  public static String batchJobId(long batch, ProofTarget target) {
    return "batch-" + batch + "-" + target.name();
  }

  /** The id of the job proving node {@code (level, position)} of aggregate {@code aggregate}. */
  public static String nodeJobId(long aggregate, int level, int position) {
    return "agg-" + aggregate + "-" + level + "-" + position;
  }
}
