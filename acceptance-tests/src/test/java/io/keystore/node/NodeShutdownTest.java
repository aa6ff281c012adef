package io.keystore.node;

import static io.keystore.node.RpcClient.status;
import static org.assertj.core.api.Assertions.assertThat;

import io.keystore.state.crypto.Address;
import io.keystore.state.crypto.Eip712Domain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node in a child JVM ({@code NodeCli run}) stopped with SIGTERM while its stages work (a batch
 * just batched, the prover on it, the batcher and the submitter polling their tables): the stages
 * stop before the databases close (H2 does not close them on its own at JVM exit), so the log holds
 * no ERROR, the node logs that it stopped, and it starts again on the same data directory with its
 * batch.
 */
class NodeShutdownTest {

  @TempDir Path dataDir;

  @Test
  void sigtermWhileTheStagesWorkStopsTheNodeWithoutAnErrorInTheLog() throws Exception {
    try (DevnetL1 chain = DevnetL1.start()) {
      int port = NodeProcess.freePort();
      RpcClient rpc = new RpcClient(port);
      Path log = dataDir.resolve("node.log");
      Process node = startChild(chain, port, log);
      String hash;
      try {
        NodeProcess.awaitReady(rpc, node);
        Eip712Domain domain = Eip712Domain.keystore(31337, Address.fromHex(chain.rollup));
        hash =
            rpc.call(
                    "keystore_sendRawTransaction",
                    DevTransactions.hex(DevTransactions.create(domain, "term", 0)))
                .getString("result");
        rpc.awaitReceipt(hash, status("batched"), Duration.ofMinutes(1));
      } finally {
        node.destroy(); // SIGTERM
      }

      assertThat(node.waitFor(90, TimeUnit.SECONDS)).as("the node exits after SIGTERM").isTrue();
      List<String> lines = Files.readAllLines(log);
      assertThat(lines)
          .as("the node's log")
          .noneMatch(l -> l.contains(" ERROR "))
          .anyMatch(l -> l.contains("node stopped"));

      Process again = startChild(chain, port, dataDir.resolve("again.log"));
      try {
        NodeProcess.awaitReady(rpc, again);
        assertThat(
                rpc.call("keystore_getTransactionReceipt", hash)
                    .getJsonObject("result")
                    .getString("status"))
            .isIn("batched", "proven", "submitted", "finalised");
      } finally {
        again.destroy();
        again.waitFor(90, TimeUnit.SECONDS);
      }
    }
  }

  private Process startChild(DevnetL1 chain, int port, Path log) throws Exception {
    return NodeProcess.start(
        chain, dataDir.resolve("node"), port, log, "--max-wait-ms", "0", "--confirmations", "2");
  }
}
