package io.keystore.node.cli;

import io.keystore.l2.L2Deployment;
import io.keystore.l2.RootRelayer;
import io.keystore.node.KeystoreNode;
import io.keystore.node.devnet.AnvilProcess;
import io.keystore.node.devnet.Deployment;
import io.keystore.sdk.KeystoreClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "devnet",
    mixinStandardHelpOptions = true,
    description = "Starts anvil for L1 and L2, deploys KeystoreRollup and the batch-1 verifier on L1 and the mini-account contracts on L2, runs a node and the root relayer. Its data directory is reset at each start.")
final class DevnetCommand implements Callable<Integer> {

  static final long L1_CHAIN_ID = 31337;
  static final long L2_CHAIN_ID = 31338;
  /** The accounts' root freshness window on the devnet (the relayer re-syncs after half of it). */
  static final long MAX_ROOT_AGE = 3600;
  /** anvil's second default account: the relayer on L2 (its own nonces, apart from the dev key's). */
  static final String RELAYER_PRIVATE_KEY = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";

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
    // L2 mines on demand while the contracts deploy (a fast start), then every blockTime seconds
    try (ShutdownSignal stop = ShutdownSignal.register();
        AnvilProcess l1 = AnvilProcess.start(anvil, l1Port, L1_CHAIN_ID, blockTime);
        AnvilProcess l2 = AnvilProcess.start(anvil, l2Port, L2_CHAIN_ID, 0)) {
      String rollup = Deployment.deploy(l1.web3j(), L1_CHAIN_ID, AnvilProcess.DEV_PRIVATE_KEY);
      L2Deployment.Contracts contracts =
          new L2Deployment(new HttpService(l2.url()), L2_CHAIN_ID, Credentials.create(AnvilProcess.DEV_PRIVATE_KEY))
              .deploy(Credentials.create(RELAYER_PRIVATE_KEY).getAddress(), rollup, MAX_ROOT_AGE);
      if (blockTime > 0) {
        l2.setIntervalMining(blockTime);
      }
      try (KeystoreNode n = KeystoreNode.start(node.config(l1.url(), rollup, AnvilProcess.DEV_PRIVATE_KEY, dir));
          RootRelayer relayer = relayer(l1, l2, rollup, contracts, n.rpcPort()).start()) {
        banner(l1, l2, rollup, contracts, n.rpcPort());
        stop.await();
      }
    }
    return 0;
  }

  /** Relays each L1 block to DevL1Block and syncs L1's root to the oracle, with frontiers from the node. */
  private RootRelayer relayer(AnvilProcess l1, AnvilProcess l2, String rollup, L2Deployment.Contracts contracts, int rpcPort) {
    var tx = new RawTransactionManager(l2.web3j(), Credentials.create(RELAYER_PRIVATE_KEY), L2_CHAIN_ID,
        new PollingTransactionReceiptProcessor(l2.web3j(), 200, 300));
    String host = "0.0.0.0".equals(node.rpcHost) ? "127.0.0.1" : node.rpcHost;
    KeystoreClient keystore = KeystoreClient.connect("http://" + host + ":" + rpcPort);
    return RootRelayer.of(new HttpService(l1.url()), rollup, l2.web3j(), tx, contracts,
        RootRelayer.frontiersFromNode(keystore), Duration.ofMillis(Math.max(250, blockTime * 500L)));
  }

  private void banner(AnvilProcess l1, AnvilProcess l2, String rollup, L2Deployment.Contracts l2c, int rpcPort) {
    String rpc = "http://" + node.rpcHost + ":" + rpcPort;
    System.out.printf(
        """

        keystore devnet is up
          L1 (anvil, chain %d):  %s
          L2 (anvil, chain %d):  %s
          KeystoreRollup:         %s
          node JSON-RPC:          %s   (health %s/health, metrics %s/metrics)
          L2 contracts:
            DevL1Block:             %s   (L1 blocks, relayed by 0x70997970C51812dc3A010C7d01b50e0d17dc79C8)
            EntryPoint v0.7:        %s
            KeystoreProofVerifier:  %s
            KeystoreRootOracle:     %s   (L1's root, synced by the relayer when it changes)
            KeystoreAccountFactory: %s   (maxRootAge %d s)
          dev accounts:           anvil's default mnemonic ("test test ... junk"), funded with 10000 ETH on both chains
          sequencer / deployer:   0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266

        first command to try:
          curl -s %s -H 'content-type: application/json' -d '{"jsonrpc":"2.0","id":1,"method":"keystore_syncStatus","params":[]}'
        a signed transaction (a dev account; in another terminal), then its receipt until "finalised":
          KEYSTORE_SKIP_BUILD=1 ./keystore-node dev-tx --label alice --rpc-url %s | sh
          curl -s %s -H 'content-type: application/json' -d '{"jsonrpc":"2.0","id":1,"method":"keystore_getTransactionReceipt","params":["<hash>"]}'
        then compare with L1, and with L2 once the relayer synced it:
          tools/foundry/bin/cast call %s 'latestRoot()(bytes32)' --rpc-url %s
          tools/foundry/bin/cast call %s 'latestRoot()(bytes32)' --rpc-url %s
        time travel (recovery delays, root freshness): both chains' clocks, by the same amount:
          KEYSTORE_SKIP_BUILD=1 ./keystore-node devnet-time advance 3600 --l1-rpc %s --l2-rpc %s

        """,
        L1_CHAIN_ID, l1.url(), L2_CHAIN_ID, l2.url(), rollup, rpc, rpc, rpc,
        l2c.l1Block(), l2c.entryPoint(), l2c.verifier(), l2c.oracle(), l2c.factory(), l2c.maxRootAge(),
        rpc, rpc, rpc, rollup, l1.url(), l2c.oracle(), l2.url(), l1.url(), l2.url());
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
