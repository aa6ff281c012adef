package io.keystore.node;

import static io.keystore.node.RpcClient.status;
import static org.assertj.core.api.Assertions.assertThat;

import io.keystore.l1.contracts.KeystoreRollup;
import io.keystore.state.tx.Transaction;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.DefaultGasProvider;

/**
 * A node stopped between stages and restarted on the same data directory finishes every transaction
 * once.
 */
class NodeRestartTest {

  @TempDir Path dataDir;

  @Test
  void aNodeStoppedAtEachStageAndRestartedFinalisesEachTransactionExactlyOnce() throws Exception {
    try (DevnetL1 chain = DevnetL1.start()) {
      KeystoreRollup rollup =
          KeystoreRollup.load(
              chain.rollup,
              chain.anvil.web3j(),
              new ReadonlyTransactionManager(chain.anvil.web3j(), chain.rollup),
              new DefaultGasProvider());
      String[] stopAt = {"pending", "batched", "proven", "submitted"};
      for (int i = 0; i < stopAt.length; i++) {
        String hash;
        try (KeystoreNode node = KeystoreNode.start(chain.nodeConfig(dataDir))) {
          RpcClient rpc = new RpcClient(node.rpcPort());
          Transaction tx = DevTransactions.create(node.domain(), "restart-" + i, 0);
          hash =
              rpc.call("keystore_sendRawTransaction", DevTransactions.hex(tx)).getString("result");
          String target = stopAt[i];
          if (!target.equals("pending")) {
            rpc.awaitReceipt(
                hash, r -> !before(r.getString("status"), target), Duration.ofMinutes(3));
          }
        }
        try (KeystoreNode node = KeystoreNode.start(chain.nodeConfig(dataDir))) {
          RpcClient rpc = new RpcClient(node.rpcPort());
          rpc.awaitReceipt(hash, status("finalised"), Duration.ofMinutes(3));
          assertThat(rollup.batchCount().send()).isEqualTo(BigInteger.valueOf(i + 1));
          assertThat(rollup.latestRoot().send())
              .isEqualTo(
                  org.apache.tuweni.bytes.Bytes.fromHexString(
                          rpc.call("keystore_getStateRoot").getString("result"))
                      .toArray());
        }
      }
    }
  }

  private static final java.util.List<String> ORDER =
      java.util.List.of("pending", "batched", "proven", "submitted", "finalised");

  private static boolean before(String status, String target) {
    return ORDER.indexOf(status) < ORDER.indexOf(target);
  }
}
