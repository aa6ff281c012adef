package io.keystore.state.account;

import io.keystore.state.crypto.PublicKey;
import io.keystore.state.hash.Fr;
import java.math.BigInteger;
import java.util.Objects;

/**
 * A recovery in progress (docs/spec/state.md §4.1): the proposed owner, the approvals and vetoes
 * bitmaps over guardian indices, and the time from which it may be finalised (0 while under the
 * threshold). Vetoes are non-zero only once the recovery has reached its threshold (transactions.md
 * §6.3): a veto lets the owner cancel it (§6.4), and stops nothing by itself.
 *
 * @param approvals bit i set when guardian i approved (4 bits: at most 4 guardians)
 * @param vetoes bit i set when guardian i vetoed (4 bits)
 */
public record PendingRecovery(
    PublicKey proposedOwner, int approvals, int vetoes, long executableAfter) {

  /**
   * The veto key (state.md §4.3): the secp256k1 generator G, scheme 1. A guardian's {@code
   * ApproveRecovery} whose {@code newOwner} is this key is a veto of the pending recovery; nobody
   * can ever be proposed as this key.
   */
  public static final PublicKey VETO_KEY =
      new PublicKey(
          new BigInteger("79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798", 16),
          new BigInteger("483ada7726a3c4655da4fbfc0e1108a8fd17b448a68554199c47d08ffb10d4b8", 16));

  /** keyHash(VETO_KEY) (state.md §3), the value a veto's signature covers as newOwnerKeyHash. */
  public static final Fr VETO_KEY_HASH = StateHashing.keyHash(VETO_KEY);

  /** Bits of each bitmap: one per guardian slot. */
  private static final int BITMAP_LIMIT = 1 << GuardianSet.MAX_GUARDIANS;

  public PendingRecovery {
    Objects.requireNonNull(proposedOwner, "proposedOwner");
    if (approvals < 0 || approvals >= BITMAP_LIMIT) {
      throw new IllegalArgumentException("approvals is a 4-bit bitmap: " + approvals);
    }
    if (vetoes < 0 || vetoes >= BITMAP_LIMIT) {
      throw new IllegalArgumentException("vetoes is a 4-bit bitmap: " + vetoes);
    }
  }

  /** A recovery without vetoes. */
  public PendingRecovery(PublicKey proposedOwner, int approvals, long executableAfter) {
    this(proposedOwner, approvals, 0, executableAfter);
  }

  /**
   * The votes byte of the storage encoding and the hash (state.md §4.3, §6): {@code approvals +
   * 16·vetoes}.
   */
  public int votes() {
    return approvals | vetoes << GuardianSet.MAX_GUARDIANS;
  }

  /** The recovery that a votes byte and the other fields describe ({@link #votes()}). */
  public static PendingRecovery fromVotes(
      PublicKey proposedOwner, int votes, long executableAfter) {
    if (votes < 0 || votes > 255) {
      throw new IllegalArgumentException("votes is a u8: " + votes);
    }
    return new PendingRecovery(
        proposedOwner,
        votes & (BITMAP_LIMIT - 1),
        votes >>> GuardianSet.MAX_GUARDIANS,
        executableAfter);
  }

  /** Whether a key is the veto key: approving it is a veto. */
  public static boolean isVetoKey(PublicKey key) {
    return VETO_KEY.equals(key);
  }

  /** Whether the recovery has reached its threshold (executableAfter != 0). */
  public boolean reachedThreshold() {
    return executableAfter != 0;
  }

  /** Whether guardian {@code index} has approved. */
  public boolean approvedBy(int index) {
    return (approvals >>> index & 1) == 1;
  }

  /** Whether guardian {@code index} has vetoed. */
  public boolean vetoedBy(int index) {
    return (vetoes >>> index & 1) == 1;
  }

  public int approvalCount() {
    return Integer.bitCount(approvals);
  }

  /** The same recovery with guardian {@code index}'s approval added. */
  public PendingRecovery withApproval(int index) {
    return new PendingRecovery(proposedOwner, approvals | 1 << index, vetoes, executableAfter);
  }

  /** The same recovery with guardian {@code index}'s veto added. */
  public PendingRecovery withVeto(int index) {
    return new PendingRecovery(proposedOwner, approvals, vetoes | 1 << index, executableAfter);
  }

  /** The same recovery, executable after {@code time}. */
  public PendingRecovery withExecutableAfter(long time) {
    return new PendingRecovery(proposedOwner, approvals, vetoes, time);
  }
}
