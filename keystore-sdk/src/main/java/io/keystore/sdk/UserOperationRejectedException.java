package io.keystore.sdk;

/**
 * The EntryPoint refused a user operation in validation; the message is its reason (e.g. "AA24
 * signature error").
 */
public final class UserOperationRejectedException extends KeystoreException {

  private static final long serialVersionUID = 1L;

  public UserOperationRejectedException(String reason) {
    super(reason);
  }

  /** The EntryPoint's reason. */
  public String reason() {
    return getMessage();
  }
}
