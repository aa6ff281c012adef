package io.keystore.sdk;

/** A transaction the node admitted was rejected later (its receipt's status is rejected). */
public final class TransactionRejectedException extends KeystoreException {

  private final Receipt receipt;

  public TransactionRejectedException(Receipt receipt) {
    super(
        "transaction "
            + receipt.transactionHash().toHexString()
            + " was rejected: "
            + receipt.reason().orElse("no reason given")
            + receipt.message().map(m -> " (" + m + ")").orElse(""));
    this.receipt = receipt;
  }

  public Receipt receipt() {
    return receipt;
  }
}
