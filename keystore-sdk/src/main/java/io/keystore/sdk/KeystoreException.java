package io.keystore.sdk;

/** The base of every SDK failure. */
public class KeystoreException extends RuntimeException {

  public KeystoreException(String message) {
    super(message);
  }

  public KeystoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
