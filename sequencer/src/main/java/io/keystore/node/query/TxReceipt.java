package io.keystore.node.query;

import io.keystore.node.storage.StoredBatch;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes32;

/**
 * A transaction's receipt as the node's records give it (keystore_getTransactionReceipt).
 *
 * @param batch the node batch the transaction is in, if any (also when rejected there)
 * @param forced the L1 queue entry, for a transaction forced on L1
 */
public record TxReceipt(
    Bytes32 transactionHash,
    ReceiptStatus status,
    Optional<String> reason,
    Optional<String> message,
    Optional<StoredBatch> batch,
    Optional<Forced> forced) {

  /** A forced transaction's L1 queue entry. */
  public record Forced(long queueIndex, Bytes32 forceId, long queuedAt) {}

  /**
   * The batch whose outcome the transaction shares (its roots, L1 transaction): none when rejected.
   */
  public Optional<StoredBatch> includedIn() {
    return status == ReceiptStatus.REJECTED ? Optional.empty() : batch;
  }
}
