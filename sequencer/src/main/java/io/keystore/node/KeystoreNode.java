package io.keystore.node;

import io.keystore.node.cluster.Cluster;
import io.keystore.node.cluster.ClusterOptions;
import io.keystore.node.cluster.ClusterProver;
import io.keystore.node.cluster.WorkerBook;
import io.keystore.node.core.BatchPace;
import io.keystore.node.core.Batcher;
import io.keystore.node.core.ChainTime;
import io.keystore.node.core.InProcessProver;
import io.keystore.node.core.JobProver;
import io.keystore.node.core.Mempool;
import io.keystore.node.core.NodeHealth;
import io.keystore.node.core.ProverStage;
import io.keystore.node.core.Reconciler;
import io.keystore.node.core.Stage;
import io.keystore.node.core.StateAccess;
import io.keystore.node.l1.ForcedQueueFollower;
import io.keystore.node.l1.RollupL1;
import io.keystore.node.l1.Submitter;
import io.keystore.node.l1.Web3jRollupL1;
import io.keystore.node.query.NodeQueries;
import io.keystore.node.rpc.JsonRpcServer;
import io.keystore.node.rpc.KeystoreApi;
import io.keystore.node.rpc.Metrics;
import io.keystore.node.storage.BatchStatus;
import io.keystore.node.storage.NodeStore;
import io.keystore.node.storage.StoredJob;
import io.keystore.node.storage.TxStatus;
import io.keystore.prover.NativeProver;
import io.keystore.prover.ProvingCircuit;
import io.keystore.state.crypto.Address;
import io.keystore.state.crypto.Eip712Domain;
import io.keystore.state.storage.H2StateStore;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.tuweni.bytes.Bytes32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;

/**
 * The node: opens its databases, takes its EIP-712 domain from the rollup contract it talks to,
 * completes whatever a restart interrupted, then runs the pipeline stages (batcher, prover, L1
 * submitter and finality follower) and the JSON-RPC server.
 */
public final class KeystoreNode implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(KeystoreNode.class);

  private final NodeConfig config;
  private final RollupL1 l1;
  private final List<AutoCloseable> resources = new ArrayList<>();
  private final AtomicBoolean ready = new AtomicBoolean();
  private final NodeHealth health = new NodeHealth();
  private int rpcPort;
  private Eip712Domain domain;
  private WorkerBook workers;

  private KeystoreNode(NodeConfig config, RollupL1 l1) {
    this.config = config;
    this.l1 = l1;
  }

  /**
   * Starts a node on the L1 at {@code config.l1Rpc()}, signing with its sequencer key; close it to
   * stop.
   */
  public static KeystoreNode start(NodeConfig config) throws Exception {
    Web3j web3j = Web3j.build(new HttpService(config.l1Rpc()));
    try {
      KeystoreNode node =
          start(
              config,
              Web3jRollupL1.connect(
                  web3j, config.rollupAddress(), Credentials.create(config.sequencerKey())));
      node.resources.addFirst(web3j::shutdown);
      return node;
    } catch (Exception | Error e) {
      web3j.shutdown();
      throw e;
    }
  }

  /** Starts a node on {@code l1} (which the caller closes after the node); close it to stop. */
  public static KeystoreNode start(NodeConfig config, RollupL1 l1) throws Exception {
    KeystoreNode node = new KeystoreNode(config, l1);
    try {
      node.startAll();
      return node;
    } catch (Exception | Error e) {
      node.close();
      throw e;
    }
  }

  public int rpcPort() {
    return rpcPort;
  }

  /** What keeps the node from being ready, by component. */
  public NodeHealth health() {
    return health;
  }

  public Eip712Domain domain() {
    return domain;
  }

  private void startAll() throws Exception {
    Files.createDirectories(config.dataDir());
    Clock clock = Clock.systemUTC();
    domain = Eip712Domain.keystore(l1.chainId(), Address.fromHex(l1.rollupAddress()));
    checkDomain();
    NodeStore store = NodeStore.open(config.dataDir());
    resources.add(store);
    checkDataDirDomain(store);
    H2StateStore stateStore = H2StateStore.open(config.dataDir().resolve("state"));
    resources.add(stateStore);
    StateAccess state = new StateAccess(stateStore, domain);
    boolean agreed = new Reconciler(store, state, l1::latestRoot, health).reconcile().agreed();
    ChainTime time = new ChainTime(l1::latestBlockTime);
    time.refresh();
    BatchPace pace = new BatchPace();
    Mempool mempool =
        new Mempool(
            store,
            state,
            clock,
            time::admissionTime,
            config.mempoolCapacity(),
            config.admission(),
            pace);
    resources.add(mempool::close);
    Batcher batcher =
        new Batcher(
            store,
            state,
            mempool,
            clock,
            time::batchTime,
            config.maxSlots(),
            config.maxWait(),
            config.admission().maxUnprovenBatches(),
            health);
    if (agreed) {
      batcher.recover();
    } else {
      mempool.rebuildView();
    }
    NativeProver prover = NativeProver.load();
    LoadedCircuits circuits = new LoadedCircuits(prover);
    resources.add(circuits);
    Metrics metrics = metrics(store, state);
    workers = new WorkerBook(metrics, clock);
    JobProver jobs = jobProver(circuits, store, clock);
    resources.add(jobs);
    ProverStage proverStage =
        new ProverStage(
            store, circuits, jobs, config.aggregation(), domain.separator(), clock, pace);
    prover.addProgressListener(
        new io.keystore.prover.ProgressListener() {
          @Override
          public void onPhase(String circuit, String phase, Duration elapsed) {
            proverStage.onPhase(circuit, phase, elapsed);
          }

          @Override
          public void onMemory(String circuit, io.keystore.prover.ProofMemory memory) {
            proverStage.onMemory(circuit, memory);
          }
        });
    Submitter submitter =
        new Submitter(
            store,
            l1,
            clock,
            config.receiptTimeout(),
            25,
            config.confirmations(),
            health,
            metrics,
            Submitter.Backoff.DEFAULT);
    JsonRpcServer rpc =
        new JsonRpcServer(
            new KeystoreApi(
                mempool,
                state,
                new NodeQueries(store, state),
                l1.chainId(),
                config.rollupAddress(),
                metrics,
                () -> provers(store)),
            metrics,
            ready::get,
            health,
            config.maxBodyBytes(),
            config.maxBatchRequests());
    resources.add(rpc);
    rpcPort = rpc.start(config.rpcHost(), config.rpcPort());
    resources.add(new Stage("l1-time", time::refresh, Duration.ofSeconds(1)).start());
    if (agreed) {
      resources.add(new Stage("batcher", batcher::tick, Duration.ofMillis(100)).start());
      resources.add(new Stage("prover", proverStage::tick, Duration.ofMillis(200)).start());
      resources.add(
          new Stage(
                  "l1-submitter",
                  () -> submitter.tick() | submitter.followFinality(),
                  Duration.ofMillis(250))
              .start());
      ForcedQueueFollower forcedQueue =
          new ForcedQueueFollower(store, l1, domain, config.confirmations());
      resources.add(new Stage("l1-force-queue", forcedQueue::tick, Duration.ofSeconds(1)).start());
    } else {
      LOG.error(
          "the node's records disagree ({}): serving reads only; /readiness says why",
          health.problem(Reconciler.COMPONENT).orElse(""));
    }
    ready.set(true);
    LOG.info(
        "node ready: rollup {} on chain {}, data in {}",
        config.rollupAddress(),
        l1.chainId(),
        config.dataDir());
  }

  /** In process without a cluster; else the cluster's workers. */
  private JobProver jobProver(LoadedCircuits circuits, NodeStore store, Clock clock)
      throws Exception {
    if (config.cluster().isEmpty()) {
      LOG.info("proving in process (no cluster configured)");
      return new InProcessProver(circuits);
    }
    ClusterOptions options = config.cluster().get();
    Vertx vertx = Cluster.join(options);
    LOG.info(
        "proving jobs go to the workers of the cluster {}: {}",
        options,
        options.plaintext()
            ? "PLAINTEXT on loopback, no cluster secret (development only)"
            : "event bus over TLS under the cluster secret");
    return ClusterProver.start(vertx, store, workers, clock, options.lease(), true);
  }

  /** What keystore_provers answers. */
  private io.vertx.core.json.JsonObject provers(NodeStore store) {
    io.vertx.core.json.JsonArray ws = new io.vertx.core.json.JsonArray();
    for (WorkerBook.Worker w : workers.workers()) {
      ws.add(
          new io.vertx.core.json.JsonObject()
              .put("id", w.id())
              .put("circuits", new io.vertx.core.json.JsonArray(w.circuits()))
              .put("memoryGb", w.memoryGb())
              .put("lastSeen", w.lastSeenMillis())
              .put("proving", w.proving().orElse(null))
              .put("done", w.done())
              .put("failed", w.failed())
              .put("refused", w.refused())
              .put("leasesExpired", w.leasesExpired()));
    }
    io.vertx.core.json.JsonArray jobs = new io.vertx.core.json.JsonArray();
    for (String state : List.of(StoredJob.OPEN, StoredJob.LEASED)) {
      for (StoredJob j : store.jobsIn(state)) {
        jobs.add(
            new io.vertx.core.json.JsonObject()
                .put("id", j.id())
                .put("circuit", j.circuit())
                .put("target", j.target())
                .put("state", j.state())
                .put("worker", j.worker().orElse(null))
                .put("leaseUntil", j.leaseUntil())
                .put("attempts", j.attempts())
                .put("refused", j.refused())
                .put("expired", j.expired()));
      }
    }
    return new io.vertx.core.json.JsonObject()
        .put("mode", config.cluster().isPresent() ? "cluster" : "in-process")
        .put("workers", ws)
        .put("jobs", jobs);
  }

  /** The workers the node heard from (none without a cluster). */
  public WorkerBook workers() {
    return workers;
  }

  /** The contract's domain separator must be the one the node signs against. */
  private void checkDomain() throws Exception {
    Bytes32 onChain = l1.domainSeparator();
    if (!onChain.equals(domain.separator())) {
      throw new IllegalStateException(
          "the rollup at " + l1.rollupAddress() + " has another EIP-712 domain");
    }
  }

  private void checkDataDirDomain(NodeStore store) {
    String mine = domain.separator().toHexString();
    String stored = store.meta("domain_separator").orElse(mine);
    if (!stored.equals(mine)) {
      throw new IllegalStateException(
          "the data directory "
              + config.dataDir()
              + " belongs to another rollup (domain "
              + stored
              + ")");
    }
    store.putMeta("domain_separator", mine);
  }

  private Metrics metrics(NodeStore store, StateAccess state) {
    Metrics m = new Metrics();
    m.gauge("keystore_pending_transactions", () -> store.countTxs(TxStatus.PENDING));
    m.gauge("keystore_state_batch", state::latestStateBatch);
    m.gauge("keystore_l1_submission_halted", store::countHaltedSubmissions);
    for (BatchStatus s : BatchStatus.STAGES) {
      m.gauge("keystore_batches_" + s.jsonName(), () -> store.countBatches(s));
    }
    return m;
  }

  /**
   * Stops the stages (each asked first, then each awaited) before it closes the JSON-RPC server,
   * the prover and the databases, in the reverse order of their opening.
   */
  @Override
  public void close() throws Exception {
    ready.set(false);
    resources.stream().filter(Stage.class::isInstance).map(Stage.class::cast).forEach(Stage::stop);
    boolean started = !resources.isEmpty();
    Exception first = null;
    for (AutoCloseable r : resources.reversed()) {
      try {
        r.close();
      } catch (Exception e) {
        if (first == null) {
          first = e;
        }
      }
    }
    resources.clear();
    if (first != null) {
      throw first;
    }
    if (started) {
      LOG.info("node stopped");
    }
  }

  /**
   * The node's circuits by name, each loaded on first use (the first use on a machine runs the
   * setup).
   */
  private static final class LoadedCircuits
      implements java.util.function.Function<String, ProvingCircuit>, AutoCloseable {
    private final NativeProver prover;
    private final java.util.Map<String, ProvingCircuit> loaded = new java.util.HashMap<>();

    LoadedCircuits(NativeProver prover) {
      this.prover = prover;
    }

    @Override
    public synchronized ProvingCircuit apply(String name) {
      return loaded.computeIfAbsent(name, prover::loadCircuit);
    }

    @Override
    public synchronized void close() {
      loaded.values().forEach(ProvingCircuit::close);
      loaded.clear();
    }
  }
}
