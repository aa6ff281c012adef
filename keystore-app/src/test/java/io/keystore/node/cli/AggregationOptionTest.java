package io.keystore.node.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keystore.node.core.AggregationPolicy;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** --max-aggregated-batches: 0 by default (never), 2 to 64, from the environment too. */
class AggregationOptionTest {

  private static RunCommand parse(Map<String, String> env, String... extra) {
    String[] args = java.util.Arrays.copyOf(AdmissionOptionsTest.REQUIRED, 7 + extra.length);
    System.arraycopy(extra, 0, args, 7, extra.length);
    CommandLine cli = NodeCli.commandLine(args, env);
    return (RunCommand) cli.parseArgs(args).subcommand().commandSpec().userObject();
  }

  @Test
  void byDefaultTheNodeNeverAggregates() {
    assertThat(parse(Map.of()).node.aggregation()).isEqualTo(AggregationPolicy.DIRECT);
  }

  @Test
  void theLimitComesFromTheCommandLineOrTheEnvironment() {
    assertThat(parse(Map.of(), "--max-aggregated-batches", "8").node.aggregation().maxBatches())
        .isEqualTo(8);
    assertThat(
            parse(Map.of("KEYSTORE_MAX_AGGREGATED_BATCHES", "16")).node.aggregation().maxBatches())
        .isEqualTo(16);
  }

  @Test
  void oneOrMoreThanSixtyFourIsAnOptionError() {
    for (String bad : new String[] {"1", "65", "-2"}) {
      RunCommand run = parse(Map.of(), "--max-aggregated-batches", bad);
      assertThatThrownBy(run.node::aggregation)
          .as(bad)
          .isInstanceOf(CommandLine.ParameterException.class);
    }
  }
}
