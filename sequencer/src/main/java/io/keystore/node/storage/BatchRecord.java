package io.keystore.node.storage;

import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;

/**
 * A batch once applied: {@link BatchStatus#BATCHED} (to prove) or {@link BatchStatus#EMPTY} (every
 * transaction rejected).
 */
public record BatchRecord(
    long id,
    BatchStatus status,
    Bytes32 oldRoot,
    Bytes32 newRoot,
    long oldLeafCount,
    long newLeafCount,
    Bytes updates,
    Bytes witness) {}
