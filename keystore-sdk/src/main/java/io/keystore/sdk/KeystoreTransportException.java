package io.keystore.sdk;

/**
 * The node could not be reached, answered with an HTTP error, or sent something that is not a
 * JSON-RPC response of the expected shape.
 */
public final class KeystoreTransportException extends KeystoreException {

  public KeystoreTransportException(String message) {
    super(message);
  }

  public KeystoreTransportException(String message, Throwable cause) {
    super(message, cause);
  }
}
