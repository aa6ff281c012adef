package io.keystore.node.storage;

import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;

/**
 * An aggregate: consecutive batches submitted to L1 together, under one proof
 * (docs/spec/aggregation.md §4). It is numbered by its first batch.
 *
 * @param proof the root proof of its tree, made for L1, once proven
 */
public record StoredAggregate(long id, long firstBatch, long lastBatch, Optional<Bytes> proof) {

  /** How many batches it holds. */
  public int size() {
    return Math.toIntExact(lastBatch - firstBatch + 1);
  }

  /** A node of the aggregation tree: level 0 holds the batches' leaf proofs. */
  public record Position(int level, int position) {}

  /** The proof of an inner node (made for the aggregation verifier) and its public input. */
  public record NodeProof(Bytes proof, Bytes32 input) {}
}
