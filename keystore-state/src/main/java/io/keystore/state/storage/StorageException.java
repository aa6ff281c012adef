package io.keystore.state.storage;

/** A failure of the database under a store: the operation wrote nothing it would not undo. */
public final class StorageException extends RuntimeException {

  public StorageException(String message, Throwable cause) {
    super(message, cause);
  }
}
