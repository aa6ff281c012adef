package io.keystore.node.storage;

import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;

/** A batch once applied: BATCHED (to prove) or EMPTY (every transaction rejected). */
public record BatchRecord(
    long id,
    String status,
    Bytes32 oldRoot,
    Bytes32 newRoot,
    long oldLeafCount,
    long newLeafCount,
    Bytes updates,
    Bytes witness) {}
