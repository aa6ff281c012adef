package io.keystore.sdk;

import io.keystore.state.crypto.Address;
import io.keystore.state.crypto.Eip712Domain;
import org.apache.tuweni.bytes.Bytes32;

/**
 * The node's progress (keystore_syncStatus): pending transactions, its latest state batch and root,
 * the number of batches in each stage, and the L1 deployment it serves.
 */
public record SyncStatus(
    long pendingTransactions,
    long stateBatch,
    Bytes32 stateRoot,
    Address rollupAddress,
    long chainId,
    long batchedBatches,
    long provenBatches,
    long submittedBatches,
    long finalisedBatches) {

  /** The EIP-712 domain of the node's deployment: what every signature must be made under. */
  public Eip712Domain domain() {
    return Eip712Domain.keystore(chainId, rollupAddress);
  }
}
