package io.keystore.sdk;

import java.util.Optional;
import java.util.OptionalLong;
import org.apache.tuweni.bytes.Bytes32;

/**
 * A node batch (keystore_getBatch).
 *
 * @param nodeBatch the node batch number, what {@link KeystoreClient#getBatch} takes and a {@link
 *     Receipt#nodeBatch()} is (JSON {@code nodeBatch}, formerly {@code id})
 * @param stateBatch the state batch it made, once applied (JSON {@code stateBatch}): what {@link
 *     At} takes
 * @param status planned, batched, proven, submitted or finalised (lower case, as the node writes
 *     it)
 * @param time the batch time, seconds since the epoch
 * @param slots the batch circuit's size
 */
public record BatchInfo(
    long nodeBatch,
    OptionalLong stateBatch,
    String status,
    long time,
    int slots,
    long oldLeafCount,
    long newLeafCount,
    Optional<Bytes32> oldRoot,
    Optional<Bytes32> newRoot,
    Optional<Bytes32> l1TransactionHash,
    OptionalLong l1BlockNumber) {

  /**
   * The node batch number.
   *
   * @deprecated "batch" names three counters; use {@link #nodeBatch()}
   */
  @Deprecated
  public long id() {
    return nodeBatch;
  }
}
