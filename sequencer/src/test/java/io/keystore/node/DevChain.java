package io.keystore.node;

import io.keystore.node.core.AdmissionLimits;
import io.keystore.node.devnet.AnvilProcess;
import io.keystore.node.devnet.Deployment;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A fresh anvil L1 (a block a second) with the rollup and the batch-1 verifier deployed; public
 * for the tests of the node's packages.
 */
public final class DevChain implements AutoCloseable {

  public final AnvilProcess anvil;
  public final String rollup;

  private DevChain(AnvilProcess anvil, String rollup) {
    this.anvil = anvil;
    this.rollup = rollup;
  }

  public static DevChain start() throws Exception {
    Path anvilBin = Path.of(System.getProperty("keystore.root", "..")).resolve("tools/foundry/bin/anvil");
    AnvilProcess anvil = AnvilProcess.start(anvilBin, 0, 31337, 1);
    try {
      return new DevChain(anvil, Deployment.deploy(anvil.web3j(), 31337, AnvilProcess.DEV_PRIVATE_KEY));
    } catch (Exception | Error e) {
      anvil.close();
      throw e;
    }
  }

  public NodeConfig nodeConfig(Path dataDir) {
    return nodeConfig(dataDir, anvil.url());
  }

  /** The node's configuration with L1 reached at {@code l1Rpc} (e.g. through a relay). */
  public NodeConfig nodeConfig(Path dataDir, String l1Rpc) {
    return new NodeConfig(l1Rpc, rollup, AnvilProcess.DEV_PRIVATE_KEY, dataDir, "127.0.0.1", 0, 1,
        Duration.ZERO, 2, Duration.ofSeconds(20), 64 * 1024, 20, 100_000, AdmissionLimits.DEFAULTS);
  }

  @Override
  public void close() throws Exception {
    anvil.close();
  }
}
