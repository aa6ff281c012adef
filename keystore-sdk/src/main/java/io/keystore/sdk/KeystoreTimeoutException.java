package io.keystore.sdk;

import java.util.Optional;

/** A wait ran out of time; holds the last receipt seen, if any. */
public final class KeystoreTimeoutException extends KeystoreException {

  private final transient Receipt lastReceipt;

  public KeystoreTimeoutException(String message, Optional<Receipt> lastReceipt) {
    super(message);
    this.lastReceipt = lastReceipt.orElse(null);
  }

  public Optional<Receipt> lastReceipt() {
    return Optional.ofNullable(lastReceipt);
  }
}
