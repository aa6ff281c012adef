package io.keystore.node.storage;

import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;

/**
 * A transaction queued on L1 for force inclusion (docs/spec/proof.md §7), as the node read it from
 * the rollup's queue: QUEUED (in a batch once {@code batchId} is set), BATCHED (applied), or
 * REJECTED (rejected by proof in its batch, with the reason).
 *
 * @param queueIndex its index in the L1 queue
 * @param hash keccak256 of the transaction's encoding
 * @param raw the encoding
 * @param signerKey the signer's key as queued (64 bytes, empty for FinaliseRecovery)
 * @param forceId the id the L1 contract stored
 * @param queuedAt the L1 time it was queued at
 */
public record StoredForcedTx(
    long queueIndex,
    Bytes32 hash,
    Bytes raw,
    Bytes signerKey,
    Bytes32 forceId,
    long queuedAt,
    long l1Block,
    ForcedTxStatus status,
    Optional<Long> batchId,
    Optional<String> reason,
    Optional<String> message) {}
