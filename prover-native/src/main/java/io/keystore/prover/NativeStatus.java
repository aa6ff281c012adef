package io.keystore.prover;

/** Status codes returned by every function of the native library. */
public enum NativeStatus {
  OK(0),
  /** The caller's fault: sizes, encodings, an unsatisfied witness, an unknown circuit or handle. */
  INVALID_INPUT(1),
  INTERNAL_ERROR(2),
  /** A well-formed proof that does not verify (ksp_verify only). */
  PROOF_REJECTED(3);

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
