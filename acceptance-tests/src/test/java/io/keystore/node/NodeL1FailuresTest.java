package io.keystore.node;

import static io.keystore.node.RpcClient.status;
import static org.assertj.core.api.Assertions.assertThat;

import io.keystore.devtools.DevDefaults;
import io.keystore.l1.contracts.KeystoreRollup;
import io.keystore.state.tx.Transaction;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Predicate;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.DefaultGasProvider;

/**
 * A real proven batch through the node when anvil does not mine its submission (the node bumps it,
 * and sends it again once dropped) and when a reorg forgets its root (the node sends it again):
 * each time the batch is on L1 once, from one transaction (one nonce), and the node's receipt says
 * where.
 */
class NodeL1FailuresTest {

  @TempDir Path dataDir;

  @Test
  void anUnminedSubmissionIsBumpedResentAfterADropAndLandsOnceFromOneNonce() throws Exception {
    try (DevnetL1 chain = DevnetL1.start();
        KeystoreNode node = KeystoreNode.start(config(chain, dataDir, 2, Duration.ofSeconds(3)))) {
      RpcClient rpc = new RpcClient(node.rpcPort());
      long sent = sentCount(chain);
      Transaction tx = DevTransactions.create(node.domain(), "unmined", 0);
      String hash =
          rpc.call("keystore_sendRawTransaction", DevTransactions.hex(tx)).getString("result");
      rpc.awaitReceipt(hash, status("batched"), Duration.ofMinutes(1));
      rpc(chain, "evm_setIntervalMining", 0);
      rpc(chain, "evm_setAutomine", false);

      String first =
          rpc.awaitReceipt(hash, hasL1Tx(), Duration.ofMinutes(3)).getString("l1TransactionHash");
      String bumped =
          rpc.awaitReceipt(hash, l1TxOtherThan(first), Duration.ofSeconds(30))
              .getString("l1TransactionHash");
      assertThat(pendingCount(chain)).as("the bump replaced the first send").isEqualTo(1);
      rpc(chain, "anvil_dropAllTransactions");
      String resent =
          rpc.awaitReceipt(hash, l1TxOtherThan(bumped), Duration.ofSeconds(30))
              .getString("l1TransactionHash");
      rpc(chain, "evm_setIntervalMining", 1);

      JsonObject finalised = rpc.awaitReceipt(hash, status("finalised"), Duration.ofMinutes(1));
      assertThat(finalised.getString("l1TransactionHash")).isEqualTo(resent);
      assertOnL1Once(chain, finalised, sent);
      assertThat(node.health().healthy()).isTrue();
    }
  }

  @Test
  void aBatchWhoseRootAReorgForgetsIsSubmittedAgainOnceAndFinalised() throws Exception {
    try (DevnetL1 chain = DevnetL1.start();
        KeystoreNode node =
            KeystoreNode.start(config(chain, dataDir, 10, Duration.ofSeconds(20)))) {
      RpcClient rpc = new RpcClient(node.rpcPort());
      long sent = sentCount(chain);
      Object beforeBatch = rpc(chain, "evm_snapshot");
      Transaction tx = DevTransactions.create(node.domain(), "reorged", 0);
      String hash =
          rpc.call("keystore_sendRawTransaction", DevTransactions.hex(tx)).getString("result");
      JsonObject submitted = rpc.awaitReceipt(hash, status("submitted"), Duration.ofMinutes(3));
      Bytes32 root = Bytes32.fromHexString(submitted.getString("newRoot"));
      assertThat(rollup(chain).batchCount().send()).isEqualTo(BigInteger.ONE);

      rpc(chain, "evm_revert", beforeBatch);
      assertThat(rollup(chain).rootInfo(root.toArray()).send().component2())
          .as("the root's L1 block")
          .isZero();

      JsonObject finalised = rpc.awaitReceipt(hash, status("finalised"), Duration.ofMinutes(2));
      assertOnL1Once(chain, finalised, sent);
      assertThat(node.health().healthy()).isTrue();
    }
  }

  // ------------------------------------------------------------------ helpers

  /** L1 has one batch, the receipt's, recorded in the receipt's block, sent with one nonce. */
  private static void assertOnL1Once(DevnetL1 chain, JsonObject receipt, long sentBefore)
      throws Exception {
    KeystoreRollup rollup = rollup(chain);
    Bytes32 root = Bytes32.fromHexString(receipt.getString("newRoot"));
    assertThat(rollup.batchCount().send()).isEqualTo(BigInteger.ONE);
    assertThat(Bytes32.wrap(rollup.latestRoot().send())).isEqualTo(root);
    assertThat(rollup.rootInfo(root.toArray()).send().component2().longValueExact())
        .isEqualTo(receipt.getLong("l1BlockNumber"));
    assertThat(sentCount(chain))
        .as("transactions of the sequencer mined")
        .isEqualTo(sentBefore + 1);
    assertThat(
            chain
                .anvil
                .web3j()
                .ethGetTransactionReceipt(receipt.getString("l1TransactionHash"))
                .send()
                .getTransactionReceipt()
                .orElseThrow()
                .isStatusOK())
        .isTrue();
  }

  private static NodeConfig config(
      DevnetL1 chain, Path dataDir, long confirmations, Duration receiptTimeout) {
    NodeConfig c = chain.nodeConfig(dataDir);
    return new NodeConfig(
        c.l1Rpc(),
        c.rollupAddress(),
        c.sequencerKey(),
        dataDir,
        c.rpcHost(),
        c.rpcPort(),
        c.maxSlots(),
        c.maxWait(),
        confirmations,
        receiptTimeout,
        c.maxBodyBytes(),
        c.maxBatchRequests(),
        c.mempoolCapacity(),
        c.admission());
  }

  private static Predicate<JsonObject> hasL1Tx() {
    return r -> r.getString("l1TransactionHash") != null;
  }

  private static Predicate<JsonObject> l1TxOtherThan(String hash) {
    return r ->
        r.getString("l1TransactionHash") != null && !hash.equals(r.getString("l1TransactionHash"));
  }

  private static KeystoreRollup rollup(DevnetL1 chain) {
    return KeystoreRollup.load(
        chain.rollup,
        chain.anvil.web3j(),
        new ReadonlyTransactionManager(chain.anvil.web3j(), chain.rollup),
        new DefaultGasProvider());
  }

  /** The sequencer's mined transactions. */
  private static long sentCount(DevnetL1 chain) throws Exception {
    return chain
        .anvil
        .web3j()
        .ethGetTransactionCount(
            org.web3j.crypto.Credentials.create(DevDefaults.DEV_PRIVATE_KEY).getAddress(),
            DefaultBlockParameterName.LATEST)
        .send()
        .getTransactionCount()
        .longValueExact();
  }

  @SuppressWarnings("unchecked")
  private static int pendingCount(DevnetL1 chain) throws IOException {
    java.util.Map<String, Object> status =
        (java.util.Map<String, Object>) rpc(chain, "txpool_status");
    return Integer.decode(String.valueOf(status.get("pending")));
  }

  private static Object rpc(DevnetL1 chain, String method, Object... params) throws IOException {
    return chain.anvil.rpc(method, params).getResult();
  }
}
