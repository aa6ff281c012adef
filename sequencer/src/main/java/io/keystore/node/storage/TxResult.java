package io.keystore.node.storage;

import java.util.Optional;

/** What a batch did with one transaction: BATCHED, or REJECTED with a reason. */
public record TxResult(long seq, String status, Optional<String> reason, Optional<String> message) {

  public static TxResult batched(long seq) {
    return new TxResult(seq, "BATCHED", Optional.empty(), Optional.empty());
  }

  public static TxResult rejected(long seq, String reason, String message) {
    return new TxResult(seq, "REJECTED", Optional.of(reason), Optional.of(message));
  }
}
