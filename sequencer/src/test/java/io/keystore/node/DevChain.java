package io.keystore.node;

import io.keystore.node.core.AdmissionLimits;
import io.keystore.node.devnet.AnvilProcess;
import io.keystore.node.devnet.Deployment;
import java.nio.file.Path;
import java.time.Duration;

/** A fresh anvil L1 (a block a second) with the rollup and the batch-1 verifier deployed. */
final class DevChain implements AutoCloseable {

  final AnvilProcess anvil;
  final String rollup;

  private DevChain(AnvilProcess anvil, String rollup) {
    this.anvil = anvil;
    this.rollup = rollup;
  }

  static DevChain start() throws Exception {
    Path anvilBin = Path.of(System.getProperty("keystore.root", "..")).resolve("tools/foundry/bin/anvil");
    AnvilProcess anvil = AnvilProcess.start(anvilBin, 0, 31337, 1);
    try {
      return new DevChain(anvil, Deployment.deploy(anvil.web3j(), 31337, AnvilProcess.DEV_PRIVATE_KEY));
    } catch (Exception | Error e) {
      anvil.close();
      throw e;
    }
  }

  NodeConfig nodeConfig(Path dataDir) {
    return new NodeConfig(anvil.url(), rollup, AnvilProcess.DEV_PRIVATE_KEY, dataDir, "127.0.0.1", 0, 1,
        Duration.ZERO, 2, Duration.ofSeconds(20), 64 * 1024, 20, 100_000, AdmissionLimits.DEFAULTS);
  }

  @Override
  public void close() throws Exception {
    anvil.close();
  }
}
