package io.keystore.sdk;

/**
 * A keystore proof that does not prove what it claims; {@link #failure()} says which check failed.
 */
public final class ProofVerificationException extends KeystoreException {

  /** The check that failed. */
  public enum Failure {
    /** The account's address is not a valid tree key (zero). */
    INVALID_ACCOUNT,
    /** The proof is for another account than the one asked about. */
    WRONG_ACCOUNT,
    /** A non-membership proof whose low leaf does not bracket the account's key. */
    NOT_BRACKETED,
    /** The path does not lead to the trusted root (a forged sibling or leaf, or another root). */
    ROOT_MISMATCH,
    /** A membership proof whose configuration does not hash to the leaf's value. */
    CONFIG_MISMATCH,
    /** A non-membership proof given without the account's initial configuration. */
    MISSING_INITIAL_CONFIG,
    /** The initial configuration and salt do not hash to the account's address. */
    ADDRESS_MISMATCH
  }

  private final Failure failure;

  public ProofVerificationException(Failure failure, String message) {
    super(message);
    this.failure = failure;
  }

  public Failure failure() {
    return failure;
  }
}
