package io.keystore.node.core;

import static io.keystore.node.core.SchemeTransactions.finalise;
import static io.keystore.node.core.SchemeTransactions.p256;
import static io.keystore.node.core.SchemeTransactions.secp256k1;
import static io.keystore.node.core.SchemeTransactions.webauthn;
import static org.assertj.core.api.Assertions.assertThat;

import io.keystore.state.crypto.PublicKey;
import io.keystore.state.proof.BatchCircuit;
import io.keystore.state.tx.Transaction;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * The batcher's cutting rules (docs/spec/proof.md §9): one signer scheme per batch, cut where the
 * next transaction's scheme differs; FinaliseRecovery in a batch of any scheme; forced transactions
 * in secp256k1 batches; passkey batches of one slot whatever the node's size. Transactions built
 * directly: the state transition, which refuses passkey signatures for now, is not asked.
 */
class BatchCutTest {

  static BatchCut cut(int forced, int maxSlots, Transaction... pending) {
    return BatchCut.of(
        forced, Arrays.stream(pending).map(BatchCircuits::schemeOf).toList(), maxSlots);
  }

  static void assertCut(BatchCut cut, String circuit, int taken, boolean full) {
    assertThat(cut.circuit().name()).isEqualTo(circuit);
    assertThat(cut.taken()).as("taken").isEqualTo(taken);
    assertThat(cut.full()).as("full").isEqualTo(full);
  }

  @Test
  void eachSignedTransactionBindsItsBatchToItsSignaturesScheme() {
    assertThat(BatchCircuits.schemeOf(secp256k1("a"))).hasValue(PublicKey.SCHEME_SECP256K1);
    assertThat(BatchCircuits.schemeOf(p256("a"))).hasValue(PublicKey.SCHEME_P256);
    assertThat(BatchCircuits.schemeOf(webauthn("a"))).hasValue(PublicKey.SCHEME_WEBAUTHN);
    assertThat(BatchCircuits.schemeOf(finalise("a"))).isEqualTo(OptionalInt.empty());

    assertThat(BatchCircuits.schemeOf(0, List.of(finalise("a"), p256("b"))))
        .isEqualTo(PublicKey.SCHEME_P256);
    assertThat(BatchCircuits.schemeOf(0, List.of(finalise("a"))))
        .as("unsigned alone: a secp256k1 batch")
        .isEqualTo(PublicKey.SCHEME_SECP256K1);
    assertThat(BatchCircuits.schemeOf(0, List.of())).isEqualTo(PublicKey.SCHEME_SECP256K1);
    assertThat(BatchCircuits.schemeOf(1, List.of(finalise("a"))))
        .as("with forced transactions")
        .isEqualTo(PublicKey.SCHEME_SECP256K1);
  }

  @Test
  void aBatchOfOneSchemeTakesUpToItsSlots() {
    assertCut(
        cut(0, 4, secp256k1("a"), secp256k1("b"), secp256k1("c"), secp256k1("d"), secp256k1("e")),
        "batch-4",
        4,
        true);
    assertCut(cut(0, 4, secp256k1("a"), secp256k1("b")), "batch-4", 2, false);
    assertCut(cut(0, 16, secp256k1("a")), "batch-16", 1, false);
    assertCut(cut(0, 1, secp256k1("a"), secp256k1("b")), "batch-1", 1, true);
  }

  @Test
  void aBatchEndsBeforeATransactionOfAnotherScheme() {
    BatchCut first = cut(0, 4, secp256k1("a"), secp256k1("b"), p256("c"), secp256k1("d"));
    assertCut(first, "batch-4", 2, true);
    assertThat(first.circuit().id()).isEqualTo(4);

    BatchCut second = cut(0, 4, p256("c"), secp256k1("d"));
    assertCut(second, "batch-1-p256", 1, true);
    assertThat(second.circuit().id()).isEqualTo(257);

    assertCut(cut(0, 16, webauthn("e"), p256("f")), "batch-1-webauthn", 1, true);
    assertCut(cut(0, 16, secp256k1("g"), webauthn("h")), "batch-16", 1, true);
  }

  @Test
  void aPasskeyBatchHasOneSlotWhateverTheNodesSize() {
    for (int maxSlots : BatchCircuit.SIZES) {
      BatchCut w = cut(0, maxSlots, webauthn("a"), webauthn("b"));
      assertCut(w, "batch-1-webauthn", 1, true);
      assertThat(w.circuit().id()).isEqualTo(513);
      assertThat(w.circuit().slots()).isEqualTo(1);
      assertCut(cut(0, maxSlots, p256("a")), "batch-1-p256", 1, true);
    }
  }

  @Test
  void forcedTransactionsComeFirstInASecp256k1Batch() {
    assertCut(cut(2, 4, p256("a"), secp256k1("b")), "batch-4", 0, true);
    assertCut(cut(2, 4, webauthn("a")), "batch-4", 0, true);
    assertCut(
        cut(1, 4, secp256k1("a"), finalise("b"), secp256k1("c"), secp256k1("d")),
        "batch-4",
        3,
        true);
    assertCut(cut(1, 4, secp256k1("a")), "batch-4", 1, false);
    assertCut(cut(4, 16, finalise("a"), p256("b")), "batch-16", 1, true);
    assertCut(cut(1, 1), "batch-1", 0, true);
  }

  @Test
  void aFinaliseRecoveryFitsABatchOfAnyScheme() {
    assertCut(cut(0, 4, finalise("a"), secp256k1("b"), finalise("c")), "batch-4", 3, false);
    // after a passkey transaction: its batch has no slot left, the finalise waits for the next
    assertCut(cut(0, 4, p256("a"), finalise("b")), "batch-1-p256", 1, true);
    // before one: the finalise goes first, in a secp256k1 batch; the passkey one needs its own
    assertCut(cut(0, 4, finalise("a"), p256("b")), "batch-4", 1, true);
    assertCut(cut(0, 1, finalise("a"), webauthn("b")), "batch-1", 1, true);
    // unsigned transactions alone: a secp256k1 batch
    assertCut(cut(0, 4, finalise("a"), finalise("b")), "batch-4", 2, false);
  }

  @Test
  void nothingPendingCutsNothing() {
    assertCut(cut(0, 4), "batch-4", 0, false);
  }
}
