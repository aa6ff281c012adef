package io.keystore.node.devnet;

import io.keystore.l2.Frontier;
import io.keystore.l2.RootSync;
import io.keystore.l2.RootSyncProof;
import io.keystore.l2.contracts.DevL1Block;
import io.keystore.l2.contracts.KeystoreRootOracle;
import io.keystore.sdk.At;
import io.keystore.sdk.KeystoreClient;
import io.keystore.state.api.AccountProof;
import io.keystore.state.crypto.Address;
import io.keystore.state.hash.Fr;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.tuweni.bytes.Bytes32;

/**
 * A devnet's relayer (docs/spec/root-sync.md): publishes each new L1 block to DevL1Block, as an OP
 * Stack sequencer does for its L1Block predeploy, and calls {@code syncRoot} when L1's latestRoot
 * changed, or when the synced root's L1 time is older than {@code refreshAfter} (so that a root
 * stays within the accounts' freshness window while the keystore is idle). Runs on a thread of its
 * own until {@link #close()}; failures are logged and retried at the next poll.
 */
public final class RootRelayer implements AutoCloseable {

  /** The frontier (k, F_k) of a root of {@code leafCount} leaves. */
  @FunctionalInterface
  public interface FrontierSource {
    Frontier frontier(Bytes32 root, long leafCount) throws Exception;
  }

  private static final System.Logger LOG = System.getLogger(RootRelayer.class.getName());

  private final RootSync sync;
  private final DevL1Block l1Block;
  private final FrontierSource frontiers;
  private final Duration poll;
  private final long refreshAfterSeconds;
  private final Thread thread;
  private final AtomicLong relayed = new AtomicLong();
  private final AtomicLong synced = new AtomicLong();
  private volatile boolean running = true;
  private long lastBlock = -1;
  private Optional<Bytes32> lastRoot = Optional.empty();
  private long lastRootTime;

  /**
   * @param sync reads L1 and calls the oracle (with the relayer's key)
   * @param l1Block DevL1Block, loaded with the relayer's key
   * @param frontiers where root frontiers come from (e.g. {@link #frontiersFromNode})
   * @param poll how often L1 is polled
   * @param refreshAfter re-sync an unchanged root once its L1 time is this old
   */
  public RootRelayer(
      RootSync sync,
      DevL1Block l1Block,
      FrontierSource frontiers,
      Duration poll,
      Duration refreshAfter) {
    this.sync = Objects.requireNonNull(sync, "sync");
    this.l1Block = Objects.requireNonNull(l1Block, "l1Block");
    this.frontiers = Objects.requireNonNull(frontiers, "frontiers");
    this.poll = Objects.requireNonNull(poll, "poll");
    this.refreshAfterSeconds = refreshAfter.toSeconds();
    this.thread = new Thread(this::run, "root-relayer");
    this.thread.setDaemon(true);
  }

  /** Frontiers from a keystore node: any account proof at the root (Frontier.fromPath). */
  public static FrontierSource frontiersFromNode(KeystoreClient node) {
    Address probe = Address.fromBigInteger(java.math.BigInteger.ONE);
    return (root, leafCount) ->
        switch (node.getProof(probe, At.root(root))) {
          case AccountProof.Member m ->
              Frontier.fromPath(
                  Fr.fromBytes(m.proof().leaf().hash()),
                  m.proof().index(),
                  m.proof().siblings(),
                  leafCount);
          case AccountProof.NonMember n ->
              Frontier.fromPath(
                  Fr.fromBytes(n.proof().lowLeaf().hash()),
                  n.proof().lowLeafIndex(),
                  n.proof().siblings(),
                  leafCount);
        };
  }

  /** A relayer with its oracle loaded with {@code tx}. */
  public static RootRelayer of(
      org.web3j.protocol.Web3jService l1,
      String rollup,
      org.web3j.protocol.Web3j l2,
      org.web3j.tx.TransactionManager tx,
      L2Deployment.Contracts contracts,
      FrontierSource frontiers,
      Duration poll) {
    var gas = L2Deployment.GAS;
    KeystoreRootOracle oracle = KeystoreRootOracle.load(contracts.oracle(), l2, tx, gas);
    DevL1Block l1Block = DevL1Block.load(contracts.l1Block(), l2, tx, gas);
    return new RootRelayer(
        new RootSync(l1, rollup, oracle),
        l1Block,
        frontiers,
        poll,
        Duration.ofSeconds(contracts.maxRootAge() / 2));
  }

  public RootRelayer start() {
    thread.start();
    return this;
  }

  /** L1 blocks published to DevL1Block so far. */
  public long relayedBlocks() {
    return relayed.get();
  }

  /** syncRoot calls made so far. */
  public long syncs() {
    return synced.get();
  }

  /**
   * One round: relays the latest L1 block if it is new, and syncs its root if needed.
   *
   * @return true if a block was relayed
   */
  public boolean step() throws Exception {
    long latest = sync.latestBlock();
    if (latest <= lastBlock) {
      return false;
    }
    RootSyncProof proof = sync.fetch(latest);
    var relay = RootSync.relay(l1Block, proof);
    if (!relay.isStatusOK()) {
      throw new IllegalStateException("setL1BlockValues failed for L1 block " + latest);
    }
    lastBlock = latest;
    relayed.incrementAndGet();
    boolean changed = lastRoot.filter(proof.root()::equals).isEmpty();
    if (changed || proof.timestamp() - lastRootTime >= refreshAfterSeconds) {
      var receipt = sync.sync(proof, frontiers.frontier(proof.root(), proof.leafCount()));
      if (!receipt.isStatusOK()) {
        throw new IllegalStateException("syncRoot failed at L1 block " + latest);
      }
      lastRoot = Optional.of(proof.root());
      lastRootTime = proof.timestamp();
      synced.incrementAndGet();
      LOG.log(
          Level.INFO,
          "synced root {0} ({1} leaves) of L1 block {2} to L2",
          proof.root(),
          proof.leafCount(),
          latest);
    }
    return true;
  }

  private void run() {
    while (running) {
      try {
        step();
      } catch (Exception e) {
        LOG.log(Level.WARNING, "relayer round failed (retrying): {0}", e.toString());
      }
      try {
        Thread.sleep(poll.toMillis());
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    thread.interrupt();
    thread.join(10_000);
  }
}
