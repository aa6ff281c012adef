package io.keystore.node;

import io.keystore.devtools.Anvil;
import io.keystore.node.devnet.Devnet;
import java.nio.file.Path;

/**
 * The devnet's L1 ({@link Devnet} without L2: anvil with a block a second, KeystoreRollup and the
 * batch-1 verifier), for the tests that run the node themselves (in this JVM or as a child), and
 * the node configuration those tests use.
 */
final class DevnetL1 implements AutoCloseable {

  final Devnet devnet;
  final Anvil anvil;
  final String rollup;

  DevnetL1(Devnet devnet) {
    this.devnet = devnet;
    this.anvil = devnet.l1();
    this.rollup = devnet.rollup();
  }

  static DevnetL1 start() throws Exception {
    return new DevnetL1(Devnet.builder().withoutL2().start());
  }

  NodeConfig nodeConfig(Path dataDir) {
    return nodeConfig(dataDir, anvil.url());
  }

  /**
   * The tests' node configuration ({@link DevChain#testConfig}), with L1 reached at {@code l1Rpc}.
   */
  NodeConfig nodeConfig(Path dataDir, String l1Rpc) {
    return DevChain.testConfig(dataDir, l1Rpc, rollup);
  }

  @Override
  public void close() throws Exception {
    devnet.close();
  }
}
