package io.keystore.node.storage;

/** The node database failed: the operation wrote nothing. */
public final class StorageFailure extends RuntimeException {
  public StorageFailure(String message, Throwable cause) {
    super(message, cause);
  }
}
