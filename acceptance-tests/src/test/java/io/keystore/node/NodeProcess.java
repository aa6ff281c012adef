package io.keystore.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.keystore.devtools.DevDefaults;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The node in a child JVM ({@code NodeCli run}, configured through its command line and {@code
 * KEYSTORE_SEQUENCER_KEY}, as an operator runs it), for the tests that kill it with SIGKILL.
 */
final class NodeProcess {

  private NodeProcess() {}

  /**
   * Starts {@code NodeCli run} against {@code chain} on {@code dataDir}, its output appended to
   * {@code log}, with the {@code extra} options.
   */
  static Process start(DevnetL1 chain, Path dataDir, int port, Path log, String... extra)
      throws IOException {
    List<String> command =
        new ArrayList<>(
            List.of(
                "io.keystore.node.cli.NodeCli",
                "run",
                "--l1-rpc",
                chain.anvil.url(),
                "--rollup-address",
                chain.rollup,
                "--data-dir",
                dataDir.toString(),
                "--rpc-port",
                Integer.toString(port)));
    command.addAll(List.of(extra));
    return ChildJvm.start(
        log, Map.of("KEYSTORE_SEQUENCER_KEY", DevDefaults.DEV_PRIVATE_KEY), command);
  }

  /** Waits until the child answers {@code /readiness} with 200. */
  static void awaitReady(RpcClient rpc, Process child) throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
    while (Instant.now().isBefore(deadline)) {
      assertThat(child.isAlive()).as("the node process is alive").isTrue();
      try {
        if (rpc.get("/readiness").status() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the node did not become ready: " + rpc.get("/readiness").body());
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
