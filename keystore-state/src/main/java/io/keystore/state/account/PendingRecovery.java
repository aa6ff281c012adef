package io.keystore.state.account;

import io.keystore.state.crypto.PublicKey;
import java.util.Objects;

/**
 * A recovery in progress (docs/spec/state.md §4.1): the proposed owner, the approvals bitmap over
 * guardian indices, and the time from which it may be finalised (0 while under the threshold).
 */
public record PendingRecovery(PublicKey proposedOwner, int approvals, long executableAfter) {

  public PendingRecovery {
    Objects.requireNonNull(proposedOwner, "proposedOwner");
    if (approvals < 0 || approvals > 255) {
      throw new IllegalArgumentException("approvals is a u8 bitmap: " + approvals);
    }
  }

  /** Whether the recovery has reached its threshold (executableAfter != 0). */
  public boolean reachedThreshold() {
    return executableAfter != 0;
  }

  /** Whether guardian {@code index} has approved. */
  public boolean approvedBy(int index) {
    return (approvals >>> index & 1) == 1;
  }

  public int approvalCount() {
    return Integer.bitCount(approvals);
  }
}
