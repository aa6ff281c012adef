package io.keystore.node.core;

import io.keystore.state.stf.RejectionReason;
import org.apache.tuweni.bytes.Bytes32;

/** What the mempool did with a raw transaction. */
public sealed interface Admission {

  /** Accepted and persisted, or already known (see {@link Mempool#repeatable}). */
  record Accepted(Bytes32 hash, boolean alreadyKnown) implements Admission {}

  /** Not a transaction: the bytes do not decode. */
  record Malformed(String message) implements Admission {}

  /** A transaction the state transition refuses against the current state plus pending ones. */
  record Refused(Bytes32 hash, RejectionReason reason, String message) implements Admission {}

  /** The mempool is full; a batch frees room in about {@code retryAfterSeconds}. */
  record Full(int capacity, long retryAfterSeconds) implements Admission {}

  /** An admission limit was reached: which, why, and when to try again. */
  record Limited(Limit limit, String message, long retryAfterSeconds) implements Admission {}

  /** The caller presented an API key the node does not know. */
  record UnknownApiKey() implements Admission {}

  /** The admission limits (sequencer/README.md, "Admission control"). */
  enum Limit {
    /** The client's token bucket (per remote address, or per API key) is empty. */
    CLIENT_RATE("client-rate"),
    /** The account has as many pending transactions of this signer as it may. */
    ACCOUNT_PENDING("account-pending"),
    /** The node has as many pending account creations as it takes. */
    PENDING_CREATIONS("pending-creations");

    private final String id;

    Limit(String id) {
      this.id = id;
    }

    /** The name in JSON-RPC errors and metrics. */
    public String id() {
      return id;
    }
  }
}
