package io.keystore.node.storage;

import java.util.Optional;

/**
 * What a batch did with one transaction: {@link TxStatus#BATCHED}, or {@link TxStatus#REJECTED}
 * with a reason.
 */
public record TxResult(
    long seq, TxStatus status, Optional<String> reason, Optional<String> message) {

  public static TxResult batched(long seq) {
    return new TxResult(seq, TxStatus.BATCHED, Optional.empty(), Optional.empty());
  }

  public static TxResult rejected(long seq, String reason, String message) {
    return new TxResult(seq, TxStatus.REJECTED, Optional.of(reason), Optional.of(message));
  }
}
