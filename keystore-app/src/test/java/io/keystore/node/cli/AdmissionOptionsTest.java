package io.keystore.node.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keystore.node.core.AdmissionLimits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The admission options: their defaults are AdmissionLimits.DEFAULTS, and they come from the
 * environment and the config file too.
 */
class AdmissionOptionsTest {

  static final String[] REQUIRED = {
    "run", "--l1-rpc", "http://x", "--rollup-address", "0xr", "--sequencer-key", "0xk"
  };

  @TempDir Path dir;

  private static RunCommand parse(Map<String, String> env, String... args) {
    CommandLine cli = NodeCli.commandLine(args, env);
    CommandLine.ParseResult r = cli.parseArgs(args);
    return (RunCommand) r.subcommand().commandSpec().userObject();
  }

  @Test
  void theDefaultsAreTheNodesDefaultLimits() {
    RunCommand run = parse(Map.of(), REQUIRED);

    assertThat(run.node.admission()).isEqualTo(AdmissionLimits.DEFAULTS);
    assertThat(run.node.mempoolCapacity).isEqualTo(10_000);
  }

  @Test
  void limitsAndApiKeysComeFromTheEnvironmentAndTheConfigFile() throws Exception {
    Path keys = dir.resolve("api-keys.properties");
    Files.writeString(keys, "wallet-a=key-of-wallet-a-0001\n");
    Path config = dir.resolve("node.properties");
    Files.writeString(
        config, "api-keys-file=" + keys + "\nclient-rate=0\nmax-unproven-batches=2\n");

    RunCommand run =
        parse(
            Map.of(
                "KEYSTORE_CONFIG_FILE", config.toString(), "KEYSTORE_MAX_PENDING_CREATIONS", "3"),
            REQUIRED);
    AdmissionLimits limits = run.node.admission();

    assertThat(limits.perAddress())
        .as("a rate of 0: no per-address quota")
        .isEqualTo(Optional.empty());
    assertThat(limits.apiKeys().clientOf("key-of-wallet-a-0001")).contains("wallet-a");
    assertThat(limits.maxPendingCreations()).isEqualTo(3);
    assertThat(limits.maxUnprovenBatches()).isEqualTo(2);
  }

  @Test
  void anUnreadableApiKeysFileIsAnOptionError() {
    Path missing = dir.resolve("missing.properties");
    RunCommand run = parse(Map.of(), concat(REQUIRED, "--api-keys-file", missing.toString()));

    assertThatThrownBy(run.node::admission)
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageContaining("cannot read the API keys file " + missing);
  }

  private static String[] concat(String[] a, String... b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
