package io.keystore.node.l1;

import static io.keystore.node.l1.Submitter.COMPONENT;
import static io.keystore.node.l1.Submitter.REVERTED_METRIC;
import static io.keystore.node.l1.Submitter.SIMULATION_REVERTED_METRIC;
import static org.assertj.core.api.Assertions.assertThat;

import io.keystore.devtools.CuttableRelay;
import io.keystore.devtools.DevDefaults;
import io.keystore.node.DevChain;
import io.keystore.node.MovableClock;
import io.keystore.node.core.NodeHealth;
import io.keystore.node.rpc.Metrics;
import io.keystore.node.storage.BatchRecord;
import io.keystore.node.storage.BatchStatus;
import io.keystore.node.storage.NodeStore;
import io.keystore.node.storage.StoredBatch;
import io.keystore.state.hash.TreeHashing;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;

/**
 * The submitter against a real anvil with the rollup and the batch-1 verifier, over a node database
 * on disk. The batches are stored as the prover leaves them (PROVEN), with every field submitBatch
 * checks before the proof right and a proof of the right length whose bytes are wrong: the rollup
 * reverts with InvalidProof() for them.
 */
class SubmitterTest {

  private static final Credentials SEQUENCER = Credentials.create(DevDefaults.DEV_PRIVATE_KEY);

  /** A batch-1 proof in Solidity form: A, B, C, one commitment and its proof of knowledge. */
  private static final int PROOF_BYTES = 384;

  @TempDir Path dir;
  private DevChain chain;
  private NodeStore store;
  private Web3jRollupL1 l1;

  @BeforeEach
  void start() throws Exception {
    chain = DevChain.start();
    store = NodeStore.open(dir);
    l1 = Web3jRollupL1.connect(chain.anvil.web3j(), chain.rollup, SEQUENCER);
  }

  @AfterEach
  void stop() throws Exception {
    store.close();
    chain.close();
  }

  @Test
  void aBatchWhoseProofCannotVerifyIsNeverSentAndStaysHaltedAfterARestart() throws Exception {
    storeUnverifiableBatch(1);
    storeUnverifiableBatch(2);
    long sent = sentCount();
    NodeHealth health = new NodeHealth();
    Metrics metrics = new Metrics();

    tickFor(submitter(l1, health, metrics, Clock.systemUTC()), Duration.ofSeconds(3));

    assertThat(sentCount()).as("transactions sent").isEqualTo(sent);
    assertThat(store.submissionHalt(1))
        .hasValueSatisfying(r -> assertThat(r).contains("InvalidProof()"));
    StoredBatch halted = store.batch(1).orElseThrow();
    assertThat(halted.status()).isEqualTo(BatchStatus.PROVEN);
    assertThat(halted.l1TxHash()).isEmpty();
    assertThat(store.batch(2).orElseThrow().l1TxHash()).as("a later batch waits").isEmpty();
    assertThat(health.problem(COMPONENT))
        .hasValueSatisfying(
            r -> assertThat(r).contains("batch 1", "halted", "InvalidProof()", "restart"));
    assertThat(metrics.scrape())
        .contains(SIMULATION_REVERTED_METRIC + " 1\n", REVERTED_METRIC + " 0\n");

    NodeHealth afterRestart = new NodeHealth();
    Metrics metricsAfterRestart = new Metrics();
    tickFor(
        submitter(l1, afterRestart, metricsAfterRestart, Clock.systemUTC()), Duration.ofSeconds(3));

    assertThat(sentCount()).as("transactions sent").isEqualTo(sent);
    assertThat(store.submissionHalt(1))
        .hasValueSatisfying(r -> assertThat(r).contains("InvalidProof()", "after a restart"));
    assertThat(store.batch(2).orElseThrow().l1TxHash()).isEmpty();
    assertThat(afterRestart.problem(COMPONENT))
        .hasValueSatisfying(r -> assertThat(r).contains("InvalidProof()"));
    assertThat(metricsAfterRestart.scrape()).contains(SIMULATION_REVERTED_METRIC + " 1\n");
  }

  @Test
  void aMinedRevertThatItsSimulationRepeatsHaltsTheBatchInsteadOfPayingAgain() throws Exception {
    storeUnverifiableBatch(1);
    long nonce = sentCount();
    BigInteger price = l1.gasPrice();
    RollupL1.Signed signed = l1.sign(submission(store.batch(1).orElseThrow()), nonce, price);
    // an attempt persisted and sent without a simulation, as before this submitter
    store.setL1Attempt(1, nonce, price, signed.hash(), 0);
    assertThat(l1.send(signed)).isEmpty();
    assertThat(awaitReceipt(signed.hash()).succeeded()).isFalse();
    NodeHealth health = new NodeHealth();
    Metrics metrics = new Metrics();

    tickFor(submitter(l1, health, metrics, Clock.systemUTC()), Duration.ofSeconds(3));

    assertThat(sentCount()).as("transactions sent").isEqualTo(nonce + 1);
    assertThat(store.submissionHalt(1))
        .hasValueSatisfying(
            r -> assertThat(r).contains(signed.hash().toHexString(), "reverted", "InvalidProof()"));
    assertThat(health.problem(COMPONENT)).isPresent();
    assertThat(metrics.scrape()).contains(REVERTED_METRIC + " 1\n");
  }

  @Test
  void anUnreachableL1IsRetriedAfterDoublingWaitsAndHaltsTheBatchAtTheTenthFailure()
      throws Exception {
    storeUnverifiableBatch(1);
    long sent = sentCount();
    try (CuttableRelay relay = CuttableRelay.to(chain.anvil.url())) {
      Web3j web3j = Web3j.build(new HttpService(relay.url()));
      Web3jRollupL1 viaRelay = Web3jRollupL1.connect(web3j, chain.rollup, SEQUENCER);
      MovableClock clock = new MovableClock(Instant.now());
      NodeHealth health = new NodeHealth();
      Submitter submitter = submitter(viaRelay, health, new Metrics(), clock);
      relay.cut();

      for (long wait : new long[] {1, 2, 4, 8, 16, 32, 60, 60, 60}) {
        assertThat(submitter.tick()).isFalse();
        assertThat(relay.takeDropped()).as("requests to L1").isPositive();
        assertThat(health.healthy()).isTrue();
        assertThat(store.submissionHalt(1)).isEmpty();
        clock.advance(Duration.ofSeconds(wait).minusMillis(1));
        assertThat(submitter.tick()).isFalse();
        assertThat(relay.takeDropped()).as("requests to L1 before %d s", wait).isZero();
        clock.advance(Duration.ofMillis(1));
      }
      submitter.tick();

      assertThat(store.submissionHalt(1))
          .hasValueSatisfying(
              r -> assertThat(r).contains("L1 request failed", "failure 10 of this batch"));
      assertThat(health.problem(COMPONENT)).isPresent();
      relay.takeDropped();
      clock.advance(Duration.ofHours(1));
      submitter.tick();
      assertThat(relay.takeDropped()).as("requests to L1 once halted").isZero();

      relay.restore();
      NodeHealth afterRestart = new NodeHealth();
      submitter(viaRelay, afterRestart, new Metrics(), clock).tick();
      assertThat(store.submissionHalt(1))
          .hasValueSatisfying(r -> assertThat(r).contains("InvalidProof()"));
      assertThat(afterRestart.problem(COMPONENT)).isPresent();
      assertThat(sentCount()).as("transactions sent").isEqualTo(sent);
      web3j.shutdown();
    }
  }

  // ------------------------------------------------------------------ helpers

  private Submitter submitter(RollupL1 l1, NodeHealth health, Metrics metrics, Clock clock) {
    return new Submitter(
        store,
        l1,
        clock,
        Duration.ofSeconds(20),
        25,
        2,
        health,
        metrics,
        Submitter.Backoff.DEFAULT);
  }

  /**
   * Stores batch {@code id} as PROVEN on top of the genesis root: one update, one account created,
   * the latest L1 block's time, and a proof whose bytes cannot verify.
   */
  private void storeUnverifiableBatch(long id) throws Exception {
    long time = l1.latestBlockTime();
    Bytes32 genesis = TreeHashing.genesisRoot().toBytes();
    Bytes32 newRoot = Bytes32.leftPad(Bytes.ofUnsignedLong(1000 + id));
    store.planBatch(id, time, id - 1, 1, List.of(), time);
    store.recordBatch(
        new BatchRecord(
            id,
            BatchStatus.BATCHED,
            genesis,
            newRoot,
            1,
            2,
            Bytes.repeat((byte) 7, 52),
            Bytes.EMPTY),
        List.of(),
        time);
    store.setProof(id, Bytes.repeat((byte) 1, PROOF_BYTES), time);
  }

  private static RollupL1.BatchSubmission submission(StoredBatch b) {
    return new RollupL1.BatchSubmission(
        io.keystore.state.proof.BatchCircuit.secp256k1(b.slots()).id(), // no transaction: secp256k1
        b.newRoot().orElseThrow(),
        b.newLeafCount(),
        b.time(),
        b.forcedCount(),
        b.updates().orElseThrow(),
        b.proof().orElseThrow());
  }

  /** Transactions the sequencer has sent, mined or pending. */
  private long sentCount() throws Exception {
    return l1.pendingNonce();
  }

  /** Runs the submitter's stage by hand for {@code duration} (anvil mines a block a second). */
  private static void tickFor(Submitter submitter, Duration duration) throws Exception {
    Instant end = Instant.now().plus(duration);
    while (Instant.now().isBefore(end)) {
      submitter.tick();
      submitter.followFinality();
      Thread.sleep(50);
    }
  }

  private RollupL1.Receipt awaitReceipt(Bytes32 hash) throws Exception {
    for (int i = 0; i < 100; i++) {
      Optional<RollupL1.Receipt> r = l1.receipt(hash);
      if (r.isPresent()) {
        return r.get();
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no receipt for " + hash);
  }
}
