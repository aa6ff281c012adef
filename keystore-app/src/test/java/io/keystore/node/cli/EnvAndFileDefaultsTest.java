package io.keystore.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class EnvAndFileDefaultsTest {

  @TempDir Path dir;

  private RunCommand parse(Map<String, String> env, String... args) {
    CommandLine cli = NodeCli.commandLine(args, env);
    CommandLine.ParseResult r = cli.parseArgs(args);
    return (RunCommand) r.subcommand().commandSpec().userObject();
  }

  @Test
  void theCommandLineWinsThenTheEnvironmentThenTheConfigFileThenTheDefault() throws Exception {
    Path file = dir.resolve("node.properties");
    Files.writeString(
        file, "l1-rpc=http://from-file\nrpc-port=1111\nconfirmations=9\nrollup-address=0xfile\n");
    Map<String, String> env =
        Map.of(
            "KEYSTORE_RPC_PORT",
            "2222",
            "KEYSTORE_SEQUENCER_KEY",
            "0xkey",
            "KEYSTORE_L1_RPC",
            "http://from-env");
    RunCommand run =
        parse(env, "run", "--config-file", file.toString(), "--l1-rpc", "http://from-cli");

    assertThat(run.l1Rpc).isEqualTo("http://from-cli");
    assertThat(run.node.rpcPort).isEqualTo(2222);
    assertThat(run.node.confirmations).isEqualTo(9);
    assertThat(run.rollupAddress).isEqualTo("0xfile");
    assertThat(run.sequencerKey).isEqualTo("0xkey");
    assertThat(run.node.maxSlots).isEqualTo(1);
  }

  @Test
  void theConfigFileCanBeNamedByTheEnvironment() throws Exception {
    Path file = dir.resolve("env.properties");
    Files.writeString(
        file, "l1-rpc=http://x\nrollup-address=0xr\nsequencer-key=0xk\nmax-wait-ms=5\n");
    RunCommand run = parse(Map.of("KEYSTORE_CONFIG_FILE", file.toString()), "run");
    assertThat(run.node.maxWaitMs).isEqualTo(5);
    assertThat(EnvAndFileDefaults.envName("--max-body-bytes")).isEqualTo("KEYSTORE_MAX_BODY_BYTES");
  }
}
