package io.keystore.prover;

/** A call into the native prover failed; the message is the library's own error string. */
public class NativeProverException extends RuntimeException {

  private final NativeStatus status;

  NativeProverException(NativeStatus status, String message) {
    super(message);
    this.status = status;
  }

  /** Why the call failed: bad input from the caller, or a failure inside the library. */
  public NativeStatus status() {
    return status;
  }
}
