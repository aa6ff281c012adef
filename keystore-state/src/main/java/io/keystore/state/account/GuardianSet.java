package io.keystore.state.account;

import io.keystore.state.crypto.PublicKey;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;

/**
 * The guardians of an account, in order (a guardian's index is its position), with the recovery
 * threshold and delay (docs/spec/state.md §4.1). The record holds any values its encodings can
 * express; {@link #validationError()} applies the rules of a valid configuration.
 *
 * @param guardians the guardian keys, in slot order
 * @param threshold approvals needed for a recovery (u8)
 * @param recoveryDelay seconds (u64)
 */
public record GuardianSet(List<PublicKey> guardians, int threshold, long recoveryDelay) {

  /** The number of guardian slots. */
  public static final int MAX_GUARDIANS = 4;

  /** The smallest recovery delay, one hour. */
  public static final long MIN_RECOVERY_DELAY = 3600;

  /** The largest recovery delay, 30 days. */
  public static final long MAX_RECOVERY_DELAY = 30L * 24 * 3600;

  public GuardianSet {
    guardians = List.copyOf(guardians);
    if (threshold < 0 || threshold > 255) {
      throw new IllegalArgumentException("threshold is a u8: " + threshold);
    }
  }

  /** No guardians, threshold 0. */
  public static GuardianSet none(long recoveryDelay) {
    return new GuardianSet(List.of(), 0, recoveryDelay);
  }

  public int size() {
    return guardians.size();
  }

  /**
   * Why this guardian set is not valid (docs/spec/transactions.md §6.6), or empty when it is: at
   * most 4 guardians, threshold 0 without guardians and 1..n with n guardians, delay in [1 hour, 30
   * days], guardians pairwise distinct.
   */
  public Optional<String> validationError() {
    int n = guardians.size();
    if (n > MAX_GUARDIANS) {
      return Optional.of("too many guardians: " + n + " (at most " + MAX_GUARDIANS + ")");
    }
    if (n == 0 && threshold != 0) {
      return Optional.of("threshold must be 0 without guardians, got " + threshold);
    }
    if (n > 0 && (threshold < 1 || threshold > n)) {
      return Optional.of(
          "threshold must be in [1, " + n + "] with " + n + " guardians, got " + threshold);
    }
    if (Long.compareUnsigned(recoveryDelay, MIN_RECOVERY_DELAY) < 0
        || Long.compareUnsigned(recoveryDelay, MAX_RECOVERY_DELAY) > 0) {
      return Optional.of(
          "recovery delay must be in ["
              + MIN_RECOVERY_DELAY
              + ", "
              + MAX_RECOVERY_DELAY
              + "] seconds, got "
              + U64.toString(recoveryDelay));
    }
    if (new HashSet<>(guardians).size() != n) {
      return Optional.of("guardians must be distinct keys");
    }
    return Optional.empty();
  }
}
