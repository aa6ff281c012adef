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

  /** The mempool is full. */
  record Full(int capacity) implements Admission {}
}
