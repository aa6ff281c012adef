package io.keystore.node.devnet;

import io.keystore.devtools.Anvil;
import io.keystore.devtools.DevDefaults;
import io.keystore.l1.RollupDeployment;
import io.keystore.node.KeystoreNode;
import io.keystore.node.NodeConfig;
import io.keystore.sdk.KeystoreClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;

/**
 * The local devnet, built in one place for {@code ./keystore-node devnet} and for the acceptance
 * tests: an L1 anvil with KeystoreRollup and the batch-1 verifier ({@link RollupDeployment}),
 * optionally an L2 anvil with the mini-account contracts ({@link L2Deployment}), optionally the
 * node, and with both the L2 root relayer. Every key, chain id and default port is {@link
 * DevDefaults}'s. {@link #close()} stops what it started, the last started first.
 */
public final class Devnet implements AutoCloseable {

  /** The accounts' root freshness window on the devnet (the relayer re-syncs after half of it). */
  public static final long MAX_ROOT_AGE = 3600;

  /**
   * The accounts' grace for a superseded root on the devnet: a key proven or cached for a root
   * stays usable this many seconds after the oracle synced a different root (mini-account.md §4).
   */
  public static final long ROOT_GRACE = 300;

  /** How the node is configured once the L1 endpoint and the rollup's address are known. */
  @FunctionalInterface
  public interface NodeConfigFactory {
    NodeConfig config(String l1Rpc, String rollupAddress);
  }

  private final Anvil l1;
  private final String rollup;
  private final Optional<Anvil> l2;
  private final Optional<L2Deployment.Contracts> l2Contracts;
  private final Optional<KeystoreNode> node;
  private final Optional<RootRelayer> relayer;
  private final List<AutoCloseable> started;

  private Devnet(
      Anvil l1,
      String rollup,
      Optional<Anvil> l2,
      Optional<L2Deployment.Contracts> l2Contracts,
      Optional<KeystoreNode> node,
      Optional<RootRelayer> relayer,
      List<AutoCloseable> started) {
    this.l1 = l1;
    this.rollup = rollup;
    this.l2 = l2;
    this.l2Contracts = l2Contracts;
    this.node = node;
    this.relayer = relayer;
    this.started = started;
  }

  public static Builder builder() {
    return new Builder();
  }

  public Anvil l1() {
    return l1;
  }

  /** The KeystoreRollup's address on L1. */
  public String rollup() {
    return rollup;
  }

  public Optional<Anvil> l2() {
    return l2;
  }

  public Optional<L2Deployment.Contracts> l2Contracts() {
    return l2Contracts;
  }

  public Optional<KeystoreNode> node() {
    return node;
  }

  public Optional<RootRelayer> relayer() {
    return relayer;
  }

  @Override
  public void close() throws Exception {
    Exception first = null;
    for (AutoCloseable c : started.reversed()) {
      try {
        c.close();
      } catch (Exception e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }

  /** What to start; by default both chains on free ports, mining a block a second, and no node. */
  public static final class Builder {
    private int l1Port;
    private int l2Port;
    private int l1BlockTime = 1;
    private int l2BlockTime = 1;
    private boolean withL2 = true;
    private Optional<NodeConfigFactory> node = Optional.empty();
    private String relayerNodeHost = "127.0.0.1";
    private Duration relayerPoll = Duration.ofMillis(500);

    private Builder() {}

    /** The L1 and L2 anvils' ports (0, the default: free ones). */
    public Builder ports(int l1, int l2) {
      this.l1Port = l1;
      this.l2Port = l2;
      return this;
    }

    /** Seconds between blocks on each chain (0: a block per transaction). */
    public Builder blockTimes(int l1Seconds, int l2Seconds) {
      this.l1BlockTime = l1Seconds;
      this.l2BlockTime = l2Seconds;
      return this;
    }

    /** Without the L2 chain and its relayer: L1 and the node only. */
    public Builder withoutL2() {
      this.withL2 = false;
      return this;
    }

    /** Runs the node in this JVM with the configuration {@code config} gives. */
    public Builder node(NodeConfigFactory config) {
      this.node = Optional.of(config);
      return this;
    }

    /** Where the relayer reaches the node's JSON-RPC for frontiers (default 127.0.0.1). */
    public Builder relayerNodeHost(String host) {
      this.relayerNodeHost = host;
      return this;
    }

    public Builder relayerPoll(Duration poll) {
      this.relayerPoll = poll;
      return this;
    }

    /** Starts everything; on a failure stops what had started and throws. */
    public Devnet start() throws Exception {
      List<AutoCloseable> started = new ArrayList<>();
      try {
        return start(started);
      } catch (Exception | Error e) {
        for (AutoCloseable c : started.reversed()) {
          try {
            c.close();
          } catch (Exception suppressed) {
            e.addSuppressed(suppressed);
          }
        }
        throw e;
      }
    }

    private Devnet start(List<AutoCloseable> started) throws Exception {
      Anvil l1 = started(started, Anvil.start(l1Port, DevDefaults.L1_CHAIN_ID, l1BlockTime));
      String rollup =
          RollupDeployment.deploy(l1.web3j(), DevDefaults.L1_CHAIN_ID, DevDefaults.DEV_PRIVATE_KEY);
      Optional<Anvil> l2 = Optional.empty();
      Optional<L2Deployment.Contracts> contracts = Optional.empty();
      if (withL2) {
        // L2 mines on demand while the contracts deploy (a fast start), then every l2BlockTime
        // seconds
        Anvil chain = started(started, Anvil.start(l2Port, DevDefaults.L2_CHAIN_ID, 0));
        contracts =
            Optional.of(
                new L2Deployment(
                        new HttpService(chain.url()),
                        DevDefaults.L2_CHAIN_ID,
                        Credentials.create(DevDefaults.DEV_PRIVATE_KEY))
                    .deploy(
                        Credentials.create(DevDefaults.RELAYER_PRIVATE_KEY).getAddress(),
                        rollup,
                        MAX_ROOT_AGE,
                        ROOT_GRACE));
        if (l2BlockTime > 0) {
          chain.setIntervalMining(l2BlockTime);
        }
        l2 = Optional.of(chain);
      }
      Optional<KeystoreNode> node = Optional.empty();
      if (this.node.isPresent()) {
        node =
            Optional.of(
                started(started, KeystoreNode.start(this.node.get().config(l1.url(), rollup))));
      }
      Optional<RootRelayer> relayer = Optional.empty();
      if (l2.isPresent() && node.isPresent()) {
        relayer =
            Optional.of(
                started(
                    started,
                    relayer(l1, l2.get(), rollup, contracts.get(), node.get().rpcPort()).start()));
      }
      return new Devnet(l1, rollup, l2, contracts, node, relayer, List.copyOf(started));
    }

    /**
     * Relays each L1 block to DevL1Block and syncs L1's root to the oracle, with frontiers from the
     * node.
     */
    private RootRelayer relayer(
        Anvil l1, Anvil l2, String rollup, L2Deployment.Contracts contracts, int rpcPort) {
      var tx =
          new RawTransactionManager(
              l2.web3j(),
              Credentials.create(DevDefaults.RELAYER_PRIVATE_KEY),
              DevDefaults.L2_CHAIN_ID,
              new PollingTransactionReceiptProcessor(l2.web3j(), 100, 600));
      KeystoreClient keystore = KeystoreClient.connect("http://" + relayerNodeHost + ":" + rpcPort);
      return RootRelayer.of(
          new HttpService(l1.url()),
          rollup,
          l2.web3j(),
          tx,
          contracts,
          RootRelayer.frontiersFromNode(keystore),
          relayerPoll);
    }

    private static <T extends AutoCloseable> T started(List<AutoCloseable> started, T c) {
      started.add(c);
      return c;
    }
  }
}
