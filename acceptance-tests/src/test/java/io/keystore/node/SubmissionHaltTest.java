package io.keystore.node;

import static io.keystore.node.RpcClient.status;
import static org.assertj.core.api.Assertions.assertThat;

import io.keystore.devtools.CuttableRelay;
import io.keystore.devtools.DevDefaults;
import io.keystore.l1.contracts.KeystoreRollup;
import io.keystore.node.l1.Submitter;
import io.keystore.state.tx.Transaction;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.gas.StaticGasProvider;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;

/**
 * The node's L1 submission of a real proven batch when L1 would refuse it or cannot be reached: it
 * pays for nothing that reverts, says so in /readiness and /metrics, and submits the batch once the
 * cause is gone.
 */
class SubmissionHaltTest {

  private static final Credentials DEV = Credentials.create(DevDefaults.DEV_PRIVATE_KEY);

  @TempDir Path dataDir;

  @Test
  void aBatchL1WouldRefuseHaltsUnpaidUntilTheCauseIsRemovedAndTheNodeRestarted() throws Exception {
    try (DevnetL1 chain = DevnetL1.start()) {
      KeystoreRollup owner = asOwner(chain);
      owner.setSequencer(DEV.getAddress(), false).send();
      long sent = sentCount(chain);
      String hash;
      try (KeystoreNode node = KeystoreNode.start(chain.nodeConfig(dataDir))) {
        RpcClient rpc = new RpcClient(node.rpcPort());
        Transaction tx = DevTransactions.create(node.domain(), "halted", 0);
        hash = rpc.call("keystore_sendRawTransaction", DevTransactions.hex(tx)).getString("result");
        rpc.awaitReceipt(hash, status("proven"), Duration.ofMinutes(3));
        awaitProblem(node);

        assertThat(node.health().problem(Submitter.COMPONENT))
            .hasValueSatisfying(r -> assertThat(r).contains("NotSequencer(" + DEV.getAddress()));
        RpcClient.Response readiness = rpc.get("/readiness");
        assertThat(readiness.status()).isEqualTo(503);
        assertThat(readiness.body()).contains("NotSequencer");
        assertThat(rpc.get("/metrics").body())
            .contains(
                "keystore_l1_submission_halted 1\n",
                "keystore_l1_simulations_reverted_total 1\n",
                "keystore_l1_submissions_reverted_total 0\n");
        Thread.sleep(3000);
        assertThat(sentCount(chain)).as("transactions sent").isEqualTo(sent);
        assertThat(
                rpc.call("keystore_getTransactionReceipt", hash)
                    .getJsonObject("result")
                    .getString("status"))
            .isEqualTo("proven");
      }

      owner.setSequencer(DEV.getAddress(), true).send();
      long beforeRestart = sentCount(chain);
      try (KeystoreNode node = KeystoreNode.start(chain.nodeConfig(dataDir))) {
        RpcClient rpc = new RpcClient(node.rpcPort());
        rpc.awaitReceipt(hash, status("finalised"), Duration.ofMinutes(2));
        assertThat(sentCount(chain)).as("transactions sent").isEqualTo(beforeRestart + 1);
        assertThat(node.health().healthy()).isTrue();
        assertThat(rpc.get("/readiness").status()).isEqualTo(200);
        assertThat(rpc.get("/metrics").body()).contains("keystore_l1_submission_halted 0\n");
      }
    }
  }

  @Test
  void aValidBatchIsSubmittedOnceAfterAnL1OutageWithoutHalting() throws Exception {
    try (DevnetL1 chain = DevnetL1.start();
        CuttableRelay relay = CuttableRelay.to(chain.anvil.url());
        KeystoreNode node = KeystoreNode.start(chain.nodeConfig(dataDir, relay.url()))) {
      RpcClient rpc = new RpcClient(node.rpcPort());
      long sent = sentCount(chain);
      Transaction tx = DevTransactions.create(node.domain(), "outage", 0);
      String hash =
          rpc.call("keystore_sendRawTransaction", DevTransactions.hex(tx)).getString("result");
      rpc.awaitReceipt(
          hash, status("batched"), Duration.ofMinutes(1)); // the batcher reads L1's time
      relay.cut(); // while the batch is proven
      rpc.awaitReceipt(hash, status("proven"), Duration.ofMinutes(3));
      Thread.sleep(4000); // the submitter fails, waits 1 s, fails, waits 2 s, ...

      assertThat(relay.takeDropped()).as("requests to L1 during the outage").isPositive();
      assertThat(node.health().problem(Submitter.COMPONENT)).isEmpty();
      relay.restore();

      rpc.awaitReceipt(hash, status("finalised"), Duration.ofMinutes(2));
      assertThat(sentCount(chain)).as("transactions sent").isEqualTo(sent + 1);
      assertThat(node.health().healthy()).isTrue();
      assertThat(rpc.get("/metrics").body())
          .contains(
              "keystore_l1_submission_halted 0\n", "keystore_l1_simulations_reverted_total 0\n");
    }
  }

  private static KeystoreRollup asOwner(DevnetL1 chain) {
    var tm =
        new RawTransactionManager(
            chain.anvil.web3j(),
            DEV,
            chain.anvil.chainId(),
            new PollingTransactionReceiptProcessor(chain.anvil.web3j(), 100, 600));
    return KeystoreRollup.load(
        chain.rollup,
        chain.anvil.web3j(),
        tm,
        new StaticGasProvider(BigInteger.valueOf(10_000_000_000L), BigInteger.valueOf(1_000_000)));
  }

  /** Transactions the dev key (owner and sequencer) has sent, mined or pending. */
  private static long sentCount(DevnetL1 chain) throws Exception {
    return chain
        .anvil
        .web3j()
        .ethGetTransactionCount(DEV.getAddress(), DefaultBlockParameterName.PENDING)
        .send()
        .getTransactionCount()
        .longValueExact();
  }

  private static void awaitProblem(KeystoreNode node) throws InterruptedException {
    Instant deadline = Instant.now().plusSeconds(60);
    while (node.health().problem(Submitter.COMPONENT).isEmpty()) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("no L1 submission problem reported");
      }
      Thread.sleep(100);
    }
  }
}
