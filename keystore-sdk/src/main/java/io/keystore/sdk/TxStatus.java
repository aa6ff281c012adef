package io.keystore.sdk;

import java.util.Locale;

/**
 * Where a transaction is in the node (keystore_getTransactionReceipt): admitted and waiting
 * (pending), in a batch applied to the node's state (batched), with a proof (proven), with its
 * batch sent to L1 (submitted), with its root confirmations-deep on L1 (finalised); or rejected,
 * which is final.
 */
public enum TxStatus {
  PENDING,
  BATCHED,
  PROVEN,
  SUBMITTED,
  FINALISED,
  REJECTED;

  /** The status named as in the node's JSON (lower case). */
  public static TxStatus fromJson(String name) {
    try {
      return valueOf(name.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new KeystoreTransportException("unknown transaction status \"" + name + "\"");
    }
  }

  /** The name in the node's JSON. */
  public String jsonName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * True if a transaction in this status has reached {@code target} on the lifecycle pending →
   * batched → proven → submitted → finalised. A rejected transaction reaches only {@code REJECTED},
   * and nothing else reaches {@code REJECTED}.
   */
  public boolean hasReached(TxStatus target) {
    if (this == REJECTED || target == REJECTED) {
      return this == target;
    }
    return compareTo(target) >= 0;
  }

  /** True for finalised and rejected: the status never changes again. */
  public boolean isFinal() {
    return this == FINALISED || this == REJECTED;
  }
}
