package io.keystore.node;

import io.keystore.devtools.Anvil;
import io.keystore.devtools.DevDefaults;
import io.keystore.l1.RollupDeployment;
import io.keystore.node.core.AdmissionLimits;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A fresh anvil L1 (a block a second) with the rollup and the batch-1 verifier deployed; public for
 * the tests of the node's packages.
 */
public final class DevChain implements AutoCloseable {

  public final Anvil anvil;
  public final String rollup;

  private DevChain(Anvil anvil, String rollup) {
    this.anvil = anvil;
    this.rollup = rollup;
  }

  public static DevChain start() throws Exception {
    Anvil anvil = Anvil.start(0, DevDefaults.L1_CHAIN_ID, 1);
    try {
      return new DevChain(
          anvil,
          RollupDeployment.deploy(
              anvil.web3j(), DevDefaults.L1_CHAIN_ID, DevDefaults.DEV_PRIVATE_KEY));
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
    return testConfig(dataDir, l1Rpc, rollup);
  }

  /** The tests' node configuration: batch-1, batches cut at once, a 20 s receipt timeout. */
  public static NodeConfig testConfig(Path dataDir, String l1Rpc, String rollup) {
    return new NodeConfig(
        l1Rpc,
        rollup,
        DevDefaults.DEV_PRIVATE_KEY,
        dataDir,
        "127.0.0.1",
        0,
        1,
        Duration.ZERO,
        2,
        Duration.ofSeconds(20),
        64 * 1024,
        20,
        100_000,
        AdmissionLimits.DEFAULTS);
  }

  @Override
  public void close() throws Exception {
    anvil.close();
  }
}
