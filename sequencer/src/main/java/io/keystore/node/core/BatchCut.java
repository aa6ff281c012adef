package io.keystore.node.core;

import io.keystore.state.crypto.PublicKey;
import io.keystore.state.proof.BatchCircuit;
import java.util.List;
import java.util.OptionalInt;

/**
 * Which pending transactions the next batch takes, and its circuit (docs/spec/proof.md §9): one
 * leaf circuit per signer scheme, so the signed transactions of a batch share one key scheme and
 * the batch ends before the first pending transaction of another; an unsigned transaction
 * (FinaliseRecovery) fits a batch of any scheme; forced transactions (secp256k1, checked by the L1
 * queue with {@code ecrecover}) make a secp256k1 batch. A secp256k1 batch has the node's size
 * ({@code --max-slots}), a passkey batch {@link BatchCircuit#PASSKEY_SLOTS} slot ({@code
 * batch-1-p256}, {@code batch-1-webauthn}) whatever that size is. A batch of unsigned transactions
 * alone is a secp256k1 batch.
 *
 * @param circuit the batch's circuit
 * @param taken how many of the pending transactions, from the first, it takes
 * @param full whether it can take no more: every slot used, or the next pending transaction is of
 *     another scheme (or a passkey one that needs a batch of its own): waiting would not fill it
 */
record BatchCut(BatchCircuit circuit, int taken, boolean full) {

  /**
   * The cut of a batch that takes {@code forced} forced transactions first, then pending
   * transactions in the order given, each by the scheme it binds its batch to ({@link
   * BatchCircuits#schemeOf(io.keystore.state.tx.Transaction)}: empty when unsigned).
   *
   * @param maxSlots the node's batch size, the secp256k1 circuit's
   */
  static BatchCut of(int forced, List<OptionalInt> pending, int maxSlots) {
    OptionalInt scheme =
        forced > 0 ? OptionalInt.of(PublicKey.SCHEME_SECP256K1) : OptionalInt.empty();
    int taken = 0;
    boolean stopped = false;
    for (OptionalInt next : pending) {
      if (next.isPresent() && scheme.isPresent() && next.getAsInt() != scheme.getAsInt()) {
        stopped = true; // another scheme: the next batch's
        break;
      }
      OptionalInt with = scheme.isPresent() ? scheme : next;
      if (forced + taken + 1 > slots(with, maxSlots)) {
        stopped = true; // no slot left in the batch's circuit
        break;
      }
      scheme = with;
      taken++;
    }
    BatchCircuit circuit =
        BatchCircuit.forScheme(scheme.orElse(PublicKey.SCHEME_SECP256K1), maxSlots);
    return new BatchCut(circuit, taken, stopped || forced + taken >= circuit.slots());
  }

  /** The slots of a batch of {@code scheme} (not yet known: it may still be a secp256k1 batch). */
  private static int slots(OptionalInt scheme, int maxSlots) {
    return scheme.isEmpty()
        ? maxSlots
        : BatchCircuit.forScheme(scheme.getAsInt(), maxSlots).slots();
  }
}
