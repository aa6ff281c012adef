package io.keystore.node.storage;

import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;

/**
 * A transaction row: {@link TxStatus} PENDING (in a batch once {@code batchId} is set), BATCHED or
 * REJECTED.
 */
public record StoredTx(
    long seq,
    Bytes32 hash,
    Bytes raw,
    long receivedAt,
    TxStatus status,
    Optional<Long> batchId,
    Optional<String> reason,
    Optional<String> message) {}
