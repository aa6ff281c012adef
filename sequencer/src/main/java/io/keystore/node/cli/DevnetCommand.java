package io.keystore.node.cli;

import io.keystore.node.KeystoreNode;
import io.keystore.node.devnet.AnvilProcess;
import io.keystore.node.devnet.Deployment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "devnet",
    mixinStandardHelpOptions = true,
    description = "Starts anvil for L1 and L2, deploys KeystoreRollup and the batch-1 verifier with the dev key, and runs a node on them. Its data directory is reset at each start.")
final class DevnetCommand implements Callable<Integer> {

  static final long L1_CHAIN_ID = 31337;
  static final long L2_CHAIN_ID = 31338;

  @Mixin NodeOptions node;

  @Option(names = "--anvil", defaultValue = "tools/foundry/bin/anvil", description = "anvil executable (default: ${DEFAULT-VALUE}).")
  Path anvil;

  @Option(names = "--l1-port", defaultValue = "8545", description = "L1 anvil port (default: ${DEFAULT-VALUE}).")
  int l1Port;

  @Option(names = "--l2-port", defaultValue = "8546", description = "L2 anvil port (default: ${DEFAULT-VALUE}).")
  int l2Port;

  @Option(names = "--block-time", defaultValue = "1", description = "Seconds between L1 blocks (default: ${DEFAULT-VALUE}).")
  int blockTime;

  @Override
  public Integer call() throws Exception {
    Path dir = node.dataDir.resolve("devnet");
    deleteRecursively(dir);
    try (AnvilProcess l1 = AnvilProcess.start(anvil, l1Port, L1_CHAIN_ID, blockTime);
        AnvilProcess l2 = AnvilProcess.start(anvil, l2Port, L2_CHAIN_ID, blockTime)) {
      String rollup = Deployment.deploy(l1.web3j(), L1_CHAIN_ID, AnvilProcess.DEV_PRIVATE_KEY);
      try (KeystoreNode n = KeystoreNode.start(node.config(l1.url(), rollup, AnvilProcess.DEV_PRIVATE_KEY, dir))) {
        banner(l1, l2, rollup, n.rpcPort());
        RunCommand.awaitShutdown();
      }
    }
    return 0;
  }

  private void banner(AnvilProcess l1, AnvilProcess l2, String rollup, int rpcPort) {
    String rpc = "http://" + node.rpcHost + ":" + rpcPort;
    System.out.printf(
        """

        keystore devnet is up
          L1 (anvil, chain %d):  %s
          L2 (anvil, chain %d):  %s
          KeystoreRollup:         %s
          node JSON-RPC:          %s   (health %s/health, metrics %s/metrics)
          dev accounts:           anvil's default mnemonic ("test test ... junk"), funded with 10000 ETH on both chains
          sequencer / deployer:   0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266

        first command to try:
          curl -s %s -H 'content-type: application/json' -d '{"jsonrpc":"2.0","id":1,"method":"keystore_syncStatus","params":[]}'
        a signed transaction (a dev account; in another terminal), then its receipt until "finalised":
          KEYSTORE_SKIP_BUILD=1 ./keystore-node dev-tx --label alice --rpc-url %s | sh
          curl -s %s -H 'content-type: application/json' -d '{"jsonrpc":"2.0","id":1,"method":"keystore_getTransactionReceipt","params":["<hash>"]}'
        then compare with L1:
          tools/foundry/bin/cast call %s 'latestRoot()(bytes32)' --rpc-url %s

        """,
        L1_CHAIN_ID, l1.url(), L2_CHAIN_ID, l2.url(), rollup, rpc, rpc, rpc, rpc, rpc, rpc, rollup, l1.url());
    System.out.flush();
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
