package io.keystore.sdk;

import java.util.Optional;
import java.util.OptionalLong;
import org.apache.tuweni.bytes.Bytes32;

/**
 * A node batch (keystore_getBatch).
 *
 * @param status planned, batched, proven, submitted or finalised (lower case, as the node writes
 *     it)
 * @param time the batch time, seconds since the epoch
 * @param slots the batch circuit's size
 */
public record BatchInfo(
    long id,
    String status,
    long time,
    int slots,
    long oldLeafCount,
    long newLeafCount,
    Optional<Bytes32> oldRoot,
    Optional<Bytes32> newRoot,
    Optional<Bytes32> l1TransactionHash,
    OptionalLong l1BlockNumber) {}
