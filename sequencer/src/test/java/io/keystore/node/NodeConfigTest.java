package io.keystore.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.keystore.node.core.AdmissionLimits;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class NodeConfigTest {

  @Test
  void toStringNamesEverySettingButNeverPrintsTheSequencerKey() {
    String key = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
    NodeConfig config =
        new NodeConfig(
            "http://127.0.0.1:8545",
            "0x5fbdb2315678afecb367f032d93f642f64180aa3",
            key,
            Path.of("data"),
            "127.0.0.1",
            8645,
            1,
            Duration.ofSeconds(1),
            2,
            Duration.ofSeconds(30),
            131072,
            100,
            10000,
            AdmissionLimits.DEFAULTS);

    assertThat(config.toString())
        .doesNotContain(key)
        .doesNotContain(key.substring(2))
        .contains(
            "sequencerKey=<redacted>", "l1Rpc=http://127.0.0.1:8545", "rpcPort=8645", "maxSlots=1");
  }
}
