package io.keystore.node.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keystore.node.cluster.ClusterOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The provers' cluster options of the node and of prover-worker, through the option cascade. */
class ClusterOptionsTest {

  @TempDir Path dir;

  private static RunCommand run(Map<String, String> env, String... extra) {
    String[] args = java.util.Arrays.copyOf(AdmissionOptionsTest.REQUIRED, 7 + extra.length);
    System.arraycopy(extra, 0, args, 7, extra.length);
    CommandLine cli = NodeCli.commandLine(args, env);
    return (RunCommand) cli.parseArgs(args).subcommand().commandSpec().userObject();
  }

  private static ProverWorkerCommand worker(Map<String, String> env, String... args) {
    String[] all = new String[args.length + 1];
    all[0] = "prover-worker";
    System.arraycopy(args, 0, all, 1, args.length);
    CommandLine cli = NodeCli.commandLine(all, env);
    return (ProverWorkerCommand) cli.parseArgs(all).subcommand().commandSpec().userObject();
  }

  @Test
  void withoutAClusterPortTheNodeProvesInProcess() {
    assertThat(run(Map.of()).node.cluster.options()).isEmpty();
  }

  @Test
  void aClusterPortHandsTheProofsToWorkersOnLoopbackInPlaintext() {
    ClusterOptions o =
        run(
                Map.of(),
                "--cluster-port",
                "5701",
                "--cluster-members",
                "127.0.0.1:5701,127.0.0.1:5702")
            .node
            .cluster
            .options()
            .orElseThrow();
    assertThat(o.plaintext()).isTrue();
    assertThat(o.members()).containsExactly("127.0.0.1:5701", "127.0.0.1:5702");
    assertThat(o.lease()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void theSecretComesFromTheEnvironmentOrAFileAndOffLoopbackItIsRequired() throws Exception {
    Path file = dir.resolve("secret");
    Files.writeString(file, "a secret from a file, long enough\n");
    ClusterOptions fromFile =
        worker(
                Map.of(),
                "--cluster-host",
                "10.0.0.2",
                "--cluster-port",
                "5701",
                "--cluster-secret-file",
                file.toString())
            .cluster
            .options()
            .orElseThrow();
    assertThat(fromFile.secret()).contains("a secret from a file, long enough");
    ClusterOptions fromEnv =
        worker(
                Map.of(
                    "KEYSTORE_CLUSTER_SECRET", "a secret from the environment",
                    "KEYSTORE_CLUSTER_PORT", "5702"),
                "--cluster-host",
                "10.0.0.2")
            .cluster
            .options()
            .orElseThrow();
    assertThat(fromEnv.secret()).contains("a secret from the environment");
    assertThat(fromEnv.port()).isEqualTo(5702);
    ProverWorkerCommand noSecret =
        worker(Map.of(), "--cluster-host", "10.0.0.2", "--cluster-port", "5701");
    assertThatThrownBy(noSecret.cluster::options)
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageContaining("needs a cluster secret");
  }

  @Test
  void aMemberThatIsNotHostAndPortIsAnOptionError() {
    RunCommand r = run(Map.of(), "--cluster-port", "5701", "--cluster-members", "127.0.0.1");
    assertThatThrownBy(r.node.cluster::options)
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageContaining("is not host:port");
  }
}
