package io.keystore.node.core;

import io.keystore.state.crypto.Address;
import io.keystore.state.tx.Transaction;
import java.util.HashMap;
import java.util.Map;

/**
 * The pending transactions (admitted, in no batch yet) counted as the admission limits need them:
 * per account and signer, and the account creations. Not thread-safe: the mempool uses it under its
 * lock, and rebuilds it from the stored pending transactions after each batch.
 */
final class PendingTally {

  /** Who signs a transaction for its account: the owner, guardian 0..3, or nobody (a finalise). */
  record Signer(Address account, int slot) {
    static final int OWNER = -1;
    static final int NOBODY = -2;

    static Signer of(Transaction tx) {
      return new Signer(
          tx.account(),
          switch (tx) {
            case Transaction.UpdateConfig u -> OWNER;
            case Transaction.CancelRecovery c -> OWNER;
            case Transaction.ApproveRecovery a -> a.guardianIndex();
            case Transaction.FinaliseRecovery f -> NOBODY;
          });
    }

    String describe() {
      return switch (slot) {
        case OWNER -> "its owner";
        case NOBODY -> "finalise-recovery";
        default -> "guardian " + slot;
      };
    }
  }

  private final Map<Signer, Integer> bySigner = new HashMap<>();
  private int creations;

  static PendingTally of(Iterable<Transaction> pending) {
    PendingTally t = new PendingTally();
    pending.forEach(t::add);
    return t;
  }

  void add(Transaction tx) {
    bySigner.merge(Signer.of(tx), 1, Integer::sum);
    if (creates(tx)) {
      creations++;
    }
  }

  /** Pending transactions of {@code tx}'s account signed by the same signer. */
  int sameSigner(Transaction tx) {
    return bySigner.getOrDefault(Signer.of(tx), 0);
  }

  int creations() {
    return creations;
  }

  /**
   * Whether {@code tx} creates its account (only the first transaction of an account carries the
   * creation).
   */
  static boolean creates(Transaction tx) {
    return tx.creation().isPresent();
  }
}
