package io.keystore.sdk;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.tuweni.bytes.Bytes32;

/**
 * A transaction's receipt (keystore_getTransactionReceipt).
 *
 * @param status where the transaction is
 * @param reason the RejectionReason name, when rejected
 * @param message the node's explanation, when rejected
 * @param nodeBatch the node batch holding the transaction, once in one (also when rejected there):
 *     what {@link KeystoreClient#getBatch} takes (JSON {@code nodeBatch}, formerly {@code batch})
 * @param stateBatch the state batch its batch made, once applied and not rejected: what {@link At}
 *     takes (JSON {@code stateBatch})
 * @param newRoot the state root after that batch
 * @param l1TransactionHash the submitBatch transaction on L1, once submitted
 * @param l1BlockNumber its block
 * @param provingProgress the prover's progress, while proving
 */
public record Receipt(
    Bytes32 transactionHash,
    TxStatus status,
    Optional<String> reason,
    Optional<String> message,
    OptionalLong nodeBatch,
    OptionalLong stateBatch,
    Optional<Bytes32> newRoot,
    Optional<Bytes32> l1TransactionHash,
    OptionalLong l1BlockNumber,
    Optional<String> provingProgress) {

  public Receipt {
    Objects.requireNonNull(transactionHash, "transactionHash");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(nodeBatch, "nodeBatch");
    Objects.requireNonNull(stateBatch, "stateBatch");
    Objects.requireNonNull(newRoot, "newRoot");
    Objects.requireNonNull(l1TransactionHash, "l1TransactionHash");
    Objects.requireNonNull(l1BlockNumber, "l1BlockNumber");
    Objects.requireNonNull(provingProgress, "provingProgress");
  }

  /**
   * The node batch holding the transaction.
   *
   * @deprecated "batch" names three counters; use {@link #nodeBatch()} (or {@link #stateBatch()})
   */
  @Deprecated
  public OptionalLong batch() {
    return nodeBatch;
  }
}
