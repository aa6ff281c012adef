package io.keystore.state.tx;

/** A binary or JSON encoding that is not a canonical, well-formed transaction. */
public final class DecodingException extends Exception {

  public DecodingException(String message) {
    super(message);
  }

  public DecodingException(String message, Throwable cause) {
    super(message, cause);
  }
}
