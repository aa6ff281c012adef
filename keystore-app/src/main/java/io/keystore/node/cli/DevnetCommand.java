package io.keystore.node.cli;

import io.keystore.devtools.Anvil;
import io.keystore.devtools.DevDefaults;
import io.keystore.node.devnet.Devnet;
import io.keystore.node.devnet.L2Deployment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "devnet",
    mixinStandardHelpOptions = true,
    description =
        "Starts anvil for L1 and L2, deploys KeystoreRollup and the batch-1 verifier on L1 and the mini-account contracts on L2, runs a node and the root relayer. Its data directory is reset at each start.")
final class DevnetCommand implements Callable<Integer> {

  @Mixin NodeOptions node;

  @Option(
      names = "--l1-port",
      defaultValue = "" + DevDefaults.L1_PORT,
      description = "L1 anvil port (default: ${DEFAULT-VALUE}).")
  int l1Port;

  @Option(
      names = "--l2-port",
      defaultValue = "" + DevDefaults.L2_PORT,
      description = "L2 anvil port (default: ${DEFAULT-VALUE}).")
  int l2Port;

  @Option(
      names = "--block-time",
      defaultValue = "1",
      description = "Seconds between L1 blocks (default: ${DEFAULT-VALUE}).")
  int blockTime;

  @Override
  public Integer call() throws Exception {
    Path dir = node.dataDir.resolve("devnet");
    deleteRecursively(dir);
    String relayerHost = "0.0.0.0".equals(node.rpcHost) ? "127.0.0.1" : node.rpcHost;
    try (ShutdownSignal stop = ShutdownSignal.register();
        Devnet devnet =
            Devnet.builder()
                .ports(l1Port, l2Port)
                .blockTimes(blockTime, blockTime)
                .node(
                    (l1Rpc, rollup) -> node.config(l1Rpc, rollup, DevDefaults.DEV_PRIVATE_KEY, dir))
                .relayerNodeHost(relayerHost)
                .relayerPoll(Duration.ofMillis(Math.max(250, blockTime * 500L)))
                .start()) {
      banner(
          devnet.l1(),
          devnet.l2().orElseThrow(),
          devnet.rollup(),
          devnet.l2Contracts().orElseThrow(),
          devnet.node().orElseThrow().rpcPort());
      clusterBanner();
      stop.await();
    }
    return 0;
  }

  /** Where proofs are made: in process (the default), or the cluster, and whether in plaintext. */
  private void clusterBanner() {
    node.cluster
        .options()
        .ifPresentOrElse(
            c ->
                System.out.printf(
                    "provers' cluster:         %s:%d, %s%n"
                        + "  start a worker:         KEYSTORE_SKIP_BUILD=1 ./keystore-node prover-worker"
                        + " --cluster-port <port> --cluster-members %s:%d%n%n",
                    c.host(),
                    c.port(),
                    c.plaintext()
                        ? "PLAINTEXT on loopback (no cluster secret: development only)"
                        : "event bus over TLS under the cluster secret",
                    c.host(),
                    c.port()),
            () ->
                System.out.println("proving:                  in process (no provers' cluster)\n"));
  }

  private void banner(Anvil l1, Anvil l2, String rollup, L2Deployment.Contracts l2c, int rpcPort) {
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
            KeystoreAccountFactory: %s   (maxRootAge %d s, rootGrace %d s)
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
        DevDefaults.L1_CHAIN_ID,
        l1.url(),
        DevDefaults.L2_CHAIN_ID,
        l2.url(),
        rollup,
        rpc,
        rpc,
        rpc,
        l2c.l1Block(),
        l2c.entryPoint(),
        l2c.verifier(),
        l2c.oracle(),
        l2c.factory(),
        l2c.maxRootAge(),
        l2c.rootGrace(),
        rpc,
        rpc,
        rpc,
        rollup,
        l1.url(),
        l2c.oracle(),
        l2.url(),
        l1.url(),
        l2.url());
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
