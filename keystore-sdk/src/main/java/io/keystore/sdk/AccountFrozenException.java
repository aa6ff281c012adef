package io.keystore.sdk;

import io.keystore.state.account.PendingRecovery;
import io.keystore.state.crypto.Address;

/**
 * The account is frozen on L2 (docs/spec/mini-account.md §4): its configuration at the root has a
 * recovery at its threshold ({@code executableAfter != 0}), so the mini-account refuses every
 * operation and EIP-1271 signature of the owner key (validation reverts {@code
 * RecoveryInProgress(executableAfter)}) until the recovery is finalised, or cancelled by the owner
 * after a guardian's veto.
 */
public final class AccountFrozenException extends KeystoreException {

  private final long executableAfter;

  public AccountFrozenException(Address account, PendingRecovery pending) {
    super(
        "account "
            + account.toChecksumHex()
            + " is frozen on L2: a recovery to "
            + Keys.describe(pending.proposedOwner())
            + " reached its threshold (executable after "
            + pending.executableAfter()
            + "); the owner key signs nothing until it is finalised or, after a guardian's veto,"
            + " cancelled");
    this.executableAfter = pending.executableAfter();
  }

  /** The pending recovery's executableAfter (the L1 time from which it may be finalised). */
  public long executableAfter() {
    return executableAfter;
  }
}
