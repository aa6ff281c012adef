package io.keystore.state.stf;

/** Why a transaction was rejected (docs/spec/transactions.md §6.7). */
public enum RejectionReason {
  /** time + MAX_RECOVERY_DELAY does not fit in a u64. */
  INVALID_TIME,
  /** The account is absent and the transaction carries no creation data. */
  ACCOUNT_NOT_FOUND,
  /** Creation data given for an account already in the tree. */
  ACCOUNT_EXISTS,
  /** The creation data does not hash to the account's address. */
  ADDRESS_MISMATCH,
  /** Settings break the configuration rules (threshold, delay, guardian count, duplicates). */
  INVALID_CONFIG,
  /** The transaction's nonce is not the account's. */
  BAD_NONCE,
  /** The signature is valid for no key. */
  BAD_SIGNATURE,
  /** The signature is valid, for another key than the required signer. */
  WRONG_SIGNER,
  /** The guardian index names an empty guardian slot. */
  NOT_A_GUARDIAN,
  /** The approval was signed for another recovery epoch. */
  BAD_RECOVERY_EPOCH,
  /** This guardian already approved this proposal, or already vetoed it. */
  DUPLICATE_APPROVAL,
  /** A different proposal while the current one has reached its threshold. */
  RECOVERY_IN_PROGRESS,
  /** Finalising a recovery under its threshold, with nothing else due. */
  THRESHOLD_NOT_REACHED,
  /** Finalising before the pending entry's executableAfter. */
  DELAY_NOT_PASSED,
  /** Cancelling or finalising with nothing pending; a veto with no recovery at its threshold. */
  NOTHING_PENDING,
  /** A nonce or recovery epoch would pass 2^64 - 1. */
  COUNTER_OVERFLOW,
  /**
   * The owner cancels a pending recovery that no guardian vetoed (also one under its threshold):
   * the owner alone can never cancel a recovery.
   */
  GUARDIAN_VETO_REQUIRED
}
