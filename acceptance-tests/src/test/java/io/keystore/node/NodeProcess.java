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
    String java =
        ProcessHandle.current()
            .info()
            .command()
            .orElseGet(() -> Path.of(System.getProperty("java.home"), "bin", "java").toString());
    List<String> command =
        new ArrayList<>(
            List.of(
                java,
                "-cp",
                System.getProperty("java.class.path"),
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
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().put("KEYSTORE_SEQUENCER_KEY", DevDefaults.DEV_PRIVATE_KEY);
    pb.environment()
        .put(
            "LD_PRELOAD", Path.of(System.getProperty("java.home"), "lib", "libjsig.so").toString());
    pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    Process p = pb.start();
    Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly));
    return p;
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
