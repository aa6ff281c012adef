package io.keystore.prover;

/** Status codes returned by every function of the native library. */
public enum NativeStatus {
  OK(0),
  INVALID_INPUT(1),
  INTERNAL_ERROR(2);

  private final int code;

  NativeStatus(int code) {
    this.code = code;
  }

  static NativeStatus of(int code) {
    for (NativeStatus status : values()) {
      if (status.code == code) {
        return status;
      }
    }
    return INTERNAL_ERROR;
  }
}
