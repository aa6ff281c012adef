package io.keystore.node.core;

import static io.keystore.node.core.MempoolLimitsTest.approval;
import static io.keystore.node.core.MempoolLimitsTest.creationOf;
import static io.keystore.node.core.MempoolLimitsTest.guarded;
import static io.keystore.node.core.MempoolTest.SIGNING;
import static io.keystore.node.core.MempoolTest.create;
import static io.keystore.node.core.MempoolTest.key;
import static io.keystore.node.core.MempoolTest.raw;
import static org.assertj.core.api.Assertions.assertThat;

import io.keystore.node.storage.StoredTx;
import io.keystore.node.storage.TxStatus;
import io.keystore.state.account.AccountCreation;
import io.keystore.state.crypto.PrivateKey;
import io.keystore.state.tx.Transaction;
import io.keystore.state.tx.TxCodec;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.apache.tuweni.bytes.Bytes;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 15, item 4: one client floods the node with valid account creations (100, as fast as it
 * can) while the batcher runs as the node runs it (batch-1, the default limits); a guardian's
 * approval sent afterwards by another client gets into the next batch, not behind the flood.
 */
class CreationFloodTest extends MempoolOnH2 {

  static final PrivateKey OWNER = key("flood victim owner");
  static final PrivateKey GUARDIAN = key("flood victim guardian");
  static final Caller FLOODER = Caller.http("203.0.113.66", null, null);
  static final Caller GUARDIANS_WALLET = Caller.http("192.0.2.10", null, null);

  final MovableClock clock = new MovableClock();
  Batcher batcher;
  AccountCreation victim;

  CreationFloodTest() {
    super(10_000);
  }

  @Override
  Clock clock() {
    return clock;
  }

  @Override
  AdmissionLimits limits() {
    return AdmissionLimits.DEFAULTS;
  }

  @BeforeEach
  void anExistingAccountWithAGuardian() {
    batcher =
        new Batcher(
            store,
            state,
            mempool,
            clock,
            () -> clock.now.getEpochSecond(),
            1,
            Duration.ofSeconds(1),
            AdmissionLimits.DEFAULTS.maxUnprovenBatches(),
            new NodeHealth());
    victim = guarded(15, OWNER, GUARDIAN);
    assertThat(mempool.submit(raw(creationOf(victim, OWNER))))
        .isInstanceOf(Admission.Accepted.class);
    assertThat(batcher.tick()).isTrue();
    proveLatestBatch();
  }

  /** The prover finishes the batch it works on. */
  void proveLatestBatch() {
    store.setProof(store.lastBatchId(), Bytes.of(1), clock.now.getEpochSecond());
  }

  /**
   * Sends {@code count} valid creations from the flooder, the batcher ticking between them; counts
   * the answers.
   */
  Map<String, Integer> flood(int count) {
    Map<String, Integer> answers = new TreeMap<>();
    for (int i = 0; i < count; i++) {
      Admission a = mempool.submit(raw(create(SIGNING, "flood " + i)), FLOODER);
      String answer =
          switch (a) {
            case Admission.Accepted ok -> "accepted";
            case Admission.Limited l -> {
              assertThat(l.retryAfterSeconds()).isPositive();
              yield l.limit().id();
            }
            default -> throw new AssertionError("unexpected " + a);
          };
      answers.merge(answer, 1, Integer::sum);
      batcher.tick();
    }
    return answers;
  }

  @Test
  void aGuardiansApprovalSentAfterAFloodOfCreationsGetsIntoTheNextBatch() {
    Map<String, Integer> answers = flood(100);

    // 20 tokens at once: the first creation went into a batch at once, 16 more wait (the most
    // pending creations), 3 found the creation limit reached, and the other 80 the client's rate
    assertThat(answers)
        .isEqualTo(Map.of("accepted", 17, "pending-creations", 3, "client-rate", 80));
    long floodBatch = store.lastBatchId();
    assertThat(batcher.tick()).as("no batch is cut while one waits for its proof").isFalse();

    Transaction approve = approval(victim, GUARDIAN, key("flood victim new owner"));
    assertThat(mempool.submit(raw(approve), GUARDIANS_WALLET))
        .isEqualTo(new Admission.Accepted(TxCodec.hash(approve), false));
    proveLatestBatch();
    assertThat(batcher.tick()).isTrue();

    long next = store.lastBatchId();
    assertThat(next).isEqualTo(floodBatch + 1);
    assertThat(store.txsOf(next)).extracting(StoredTx::hash).containsExactly(TxCodec.hash(approve));
    assertThat(store.tx(TxCodec.hash(approve)).orElseThrow().status()).isEqualTo(TxStatus.BATCHED);
    assertThat(state.account(victim.address()).orElseThrow().pendingRecovery()).isPresent();
    assertThat(store.countUnbatched())
        .as("the admitted creations still wait, none dropped")
        .isEqualTo(16);
  }
}
