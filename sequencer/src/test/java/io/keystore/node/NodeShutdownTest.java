package io.keystore.node;

import static io.keystore.node.RpcClient.status;
import static org.assertj.core.api.Assertions.assertThat;

import io.keystore.node.devnet.AnvilProcess;
import io.keystore.state.crypto.Address;
import io.keystore.state.crypto.Eip712Domain;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node in a child JVM ({@code NodeCli run}) stopped with SIGTERM while its stages work (a
 * batch just batched, the prover on it, the batcher and the submitter polling their tables): the
 * stages stop before the databases close (H2 does not close them on its own at JVM exit), so
 * the log holds no ERROR, the node logs that it stopped, and it starts again on the same data
 * directory with its batch.
 */
class NodeShutdownTest {

  @TempDir Path dataDir;

  @Test
  void sigtermWhileTheStagesWorkStopsTheNodeWithoutAnErrorInTheLog() throws Exception {
    try (DevChain chain = DevChain.start()) {
      int port = freePort();
      RpcClient rpc = new RpcClient(port);
      Path log = dataDir.resolve("node.log");
      Process node = startChild(chain, port, log);
      String hash;
      try {
        awaitReady(rpc, node);
        Eip712Domain domain = Eip712Domain.keystore(31337, Address.fromHex(chain.rollup));
        hash = rpc.call("keystore_sendRawTransaction", DevTransactions.hex(DevTransactions.create(domain, "term", 0)))
            .getString("result");
        rpc.awaitReceipt(hash, status("batched"), Duration.ofMinutes(1));
      } finally {
        node.destroy(); // SIGTERM
      }

      assertThat(node.waitFor(90, TimeUnit.SECONDS)).as("the node exits after SIGTERM").isTrue();
      List<String> lines = Files.readAllLines(log);
      assertThat(lines).as("the node's log").noneMatch(l -> l.contains(" ERROR ")).anyMatch(l -> l.contains("node stopped"));

      Process again = startChild(chain, port, dataDir.resolve("again.log"));
      try {
        awaitReady(rpc, again);
        assertThat(rpc.call("keystore_getTransactionReceipt", hash).getJsonObject("result").getString("status"))
            .isIn("batched", "proven", "submitted", "finalised");
      } finally {
        again.destroy();
        again.waitFor(90, TimeUnit.SECONDS);
      }
    }
  }

  private Process startChild(DevChain chain, int port, Path log) throws Exception {
    String java = ProcessHandle.current().info().command()
        .orElseGet(() -> Path.of(System.getProperty("java.home"), "bin", "java").toString());
    ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        "io.keystore.node.cli.NodeCli", "run", "--l1-rpc", chain.anvil.url(), "--rollup-address", chain.rollup,
        "--data-dir", dataDir.resolve("node").toString(), "--rpc-port", Integer.toString(port),
        "--max-wait-ms", "0", "--confirmations", "2");
    pb.environment().put("KEYSTORE_SEQUENCER_KEY", AnvilProcess.DEV_PRIVATE_KEY);
    pb.redirectErrorStream(true).redirectOutput(log.toFile());
    Process p = pb.start();
    Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly));
    return p;
  }

  private static void awaitReady(RpcClient rpc, Process child) throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
    while (Instant.now().isBefore(deadline)) {
      assertThat(child.isAlive()).as("the node process is alive").isTrue();
      try {
        if (rpc.get("/readiness").status() == 200) {
          return;
        }
      } catch (java.io.IOException notYet) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    throw new AssertionError("the node did not become ready");
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
