package io.keystore.node;

import io.keystore.devtools.DevDefaults;
import io.keystore.l1.contracts.KeystoreRollup;
import io.keystore.state.crypto.Address;
import io.keystore.state.crypto.Eip712Domain;
import io.keystore.state.tx.Transaction;
import io.keystore.state.tx.TxCodec;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.ToLongFunction;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.DefaultGasProvider;

/**
 * Chaos: the node (a child JVM, the real prover, a real anvil L1 with a block a second) under a
 * stream of valid transactions, killed with SIGKILL at random moments of every stage (admission,
 * batching, proving, L1 submission, finality, anywhere) and restarted on the same data directory, a
 * bounded number of times. Then one last start, and the figures: every acknowledged transaction
 * must be finalised exactly once, the node's root must equal L1's, no restart may find its records
 * disagreeing, and no reverted submission may be sent more than once.
 *
 * <p>{@code NodeChaosTest} runs it inside {@code ./test}; {@code ./bench node} runs {@link #main}
 * with more kills and prints the figures as JSON lines.
 */
final class NodeChaos {

  /**
   * Where a kill aims: the stage's sign (ADMISSION: an acknowledgement of a transaction sent for
   * it; BATCHING: a new state batch after one sent for it; PROVING: the prover's log says it began
   * a proof; SUBMISSION and FINALITY: a PROVEN or SUBMITTED batch in keystore_syncStatus), then a
   * random delay in the stage's range.
   */
  enum Stage {
    ADMISSION(0, 300),
    BATCHING(0, 200),
    PROVING(500, 8000),
    SUBMISSION(0, 1000),
    FINALITY(0, 3000),
    ANYWHERE(0, 8000);

    final int minDelayMs;
    final int maxDelayMs;

    Stage(int minDelayMs, int maxDelayMs) {
      this.minDelayMs = minDelayMs;
      this.maxDelayMs = maxDelayMs;
    }
  }

  /** What a run measured. */
  record Figures(
      int kills,
      int acknowledged,
      int lost,
      int duplicated,
      int forks,
      int revertedSubmissions,
      int maxRevertsPerBatch,
      Map<Stage, Integer> killsByStage) {

    List<String> jsonLines() {
      return List.of(
          metric("chaos_kills", kills, "kills"),
          metric("chaos_acknowledged", acknowledged, "transactions"),
          metric("chaos_lost", lost, "transactions"),
          metric("chaos_duplicated", duplicated, "batches"),
          metric("chaos_forks", forks, "forks"),
          metric("chaos_reverted_submissions", revertedSubmissions, "transactions"));
    }

    private static String metric(String name, long value, String unit) {
      return "{\"metric\": \"" + name + "\", \"value\": " + value + ", \"unit\": \"" + unit + "\"}";
    }
  }

  private static final int MAX_BACKLOG = 3;

  private final int kills;
  private final Path dir;
  private final Random random;
  private final Set<String> sent = ConcurrentHashMap.newKeySet();
  private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean loading = new AtomicBoolean(true);
  private final Map<Stage, Integer> killsByStage = new LinkedHashMap<>();
  private final long runId;
  private int forks;
  private Eip712Domain domain;
  private Transaction next;
  private long label;

  NodeChaos(int kills, Path dir, long seed) {
    this.kills = kills;
    this.dir = dir;
    this.random = new Random(seed);
    this.runId = random.nextLong();
  }

  /** {@code NodeChaos <kills>}: a run in a fresh directory; prints the figures as JSON lines. */
  public static void main(String[] args) throws Exception {
    int kills = args.length > 0 ? Integer.parseInt(args[0]) : 30;
    Path dir = Files.createTempDirectory("keystore-chaos");
    Figures f = new NodeChaos(kills, dir, System.nanoTime()).run();
    System.err.println("chaos: kills by stage " + f.killsByStage() + "; logs in " + dir);
    f.jsonLines().forEach(System.out::println);
    System.exit(0);
  }

  Figures run() throws Exception {
    try (DevnetL1 chain = DevnetL1.start()) {
      domain = Eip712Domain.keystore(31337, Address.fromHex(chain.rollup));
      next = DevTransactions.create(domain, "chaos-" + runId + "-0", 0);
      int port = NodeProcess.freePort();
      RpcClient rpc = new RpcClient(port);
      Thread load = Thread.ofPlatform().name("chaos-load").daemon(true).start(() -> load(rpc));
      try {
        for (int k = 0; k < kills; k++) {
          Stage stage = Stage.values()[k % Stage.values().length];
          Process node = start(chain, port, k, rpc);
          try {
            aimAt(stage, rpc, dir.resolve("node-" + k + ".log"));
          } finally {
            node.destroyForcibly().waitFor(); // SIGKILL
          }
          killsByStage.merge(stage, 1, Integer::sum);
        }
      } finally {
        loading.set(false);
        load.join(10_000);
      }
      Process last = start(chain, port, kills, rpc);
      try {
        return figures(chain, rpc);
      } finally {
        last.destroyForcibly().waitFor();
      }
    }
  }

  private Process start(DevnetL1 chain, int port, int run, RpcClient rpc) throws Exception {
    Process node =
        NodeProcess.start(
            chain,
            dir.resolve("node"),
            port,
            dir.resolve("node-" + run + ".log"),
            "--max-wait-ms",
            "0",
            "--confirmations",
            "2",
            "--receipt-timeout-ms",
            "15000");
    try {
      NodeProcess.awaitReady(rpc, node);
    } catch (AssertionError notReady) {
      forks++; // reconciliation found the records disagreeing (readiness says why), or it died
      System.err.println("chaos: restart " + run + " not ready: " + notReady.getMessage());
    }
    return node;
  }

  /** Waits for the stage's sign (at most 90 s), then a random delay inside the stage. */
  private void aimAt(Stage stage, RpcClient rpc, Path log) throws Exception {
    JsonObject before = status(rpc).orElse(new JsonObject());
    if (stage == Stage.ADMISSION || stage == Stage.BATCHING) {
      sendNext(rpc);
    }
    Instant deadline = Instant.now().plusSeconds(90);
    while (Instant.now().isBefore(deadline) && !reached(stage, before, rpc, log)) {
      Thread.sleep(25);
    }
    Thread.sleep(stage.minDelayMs + random.nextInt(stage.maxDelayMs - stage.minDelayMs + 1));
  }

  private static boolean reached(Stage stage, JsonObject before, RpcClient rpc, Path log)
      throws Exception {
    if (stage == Stage.ADMISSION || stage == Stage.ANYWHERE) {
      return true; // sendNext returned once the transaction was acknowledged (or refused)
    }
    if (stage == Stage.PROVING) {
      return Files.readString(log).contains("proving: witness done");
    }
    Optional<JsonObject> now = status(rpc);
    if (now.isEmpty()) {
      return false;
    }
    return switch (stage) {
      case BATCHING -> now.get().getLong("stateBatch", 0L) > before.getLong("stateBatch", 0L);
      case SUBMISSION -> now.get().getLong("provenBatches", 0L) > 0;
      case FINALITY -> now.get().getLong("submittedBatches", 0L) > 0;
      default -> true;
    };
  }

  private static Optional<JsonObject> status(RpcClient rpc) {
    try {
      return Optional.ofNullable(rpc.call("keystore_syncStatus").getJsonObject("result"));
    } catch (Exception down) {
      return Optional.empty();
    }
  }

  /** Sends valid creations while the backlog is short (besides those the stages send). */
  private void load(RpcClient rpc) {
    while (loading.get()) {
      try {
        Thread.sleep(200 + random.nextInt(1500));
        Optional<JsonObject> s = status(rpc);
        if (s.isPresent() && backlog(s.get()) < MAX_BACKLOG) {
          sendNext(rpc);
        }
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /**
   * Sends the next creation (a new account each); once acknowledged, the one after is next. A
   * transaction the node did not answer (killed meanwhile) is sent again, the same bytes, next
   * time.
   */
  private synchronized void sendNext(RpcClient rpc) {
    String hash = TxCodec.hash(next).toHexString();
    sent.add(hash);
    try {
      JsonObject answer = rpc.call("keystore_sendRawTransaction", DevTransactions.hex(next));
      if (hash.equals(answer.getString("result"))) {
        acknowledged.add(hash);
        next = DevTransactions.create(domain, "chaos-" + runId + "-" + (++label), 0);
      }
    } catch (Exception nodeDown) {
      // killed meanwhile
    }
  }

  private static long backlog(JsonObject s) {
    ToLongFunction<String> n = k -> s.getLong(k, 0L);
    return n.applyAsLong("pendingTransactions")
        + n.applyAsLong("batchedBatches")
        + n.applyAsLong("provenBatches")
        + n.applyAsLong("submittedBatches");
  }

  private Figures figures(DevnetL1 chain, RpcClient rpc) throws Exception {
    Map<String, Long> batchOf = new HashMap<>();
    int lost = 0;
    Instant deadline = Instant.now().plusSeconds(120 + 30L * sent.size());
    for (String hash : sent) {
      Optional<JsonObject> receipt = awaitFinal(rpc, hash, deadline);
      if (receipt.isPresent() && "finalised".equals(receipt.get().getString("status"))) {
        batchOf.put(hash, receipt.get().getLong("batch"));
      } else if (acknowledged.contains(hash)) {
        lost++;
        System.err.println(
            "chaos: acknowledged " + hash + " is not finalised: " + receipt.orElse(null));
      }
    }
    Web3j web3j = chain.anvil.web3j();
    KeystoreRollup rollup =
        KeystoreRollup.load(
            chain.rollup,
            web3j,
            new ReadonlyTransactionManager(web3j, chain.rollup),
            new DefaultGasProvider());
    long onL1 = rollup.batchCount().send().longValueExact();
    long distinctBatches = batchOf.values().stream().distinct().count();
    int duplicated =
        (int) Math.max(0, onL1 - batchOf.size()) + (int) (batchOf.size() - distinctBatches);
    String nodeRoot = rpc.call("keystore_getStateRoot").getString("result");
    String l1Root = org.apache.tuweni.bytes.Bytes32.wrap(rollup.latestRoot().send()).toHexString();
    if (!l1Root.equals(nodeRoot)) {
      forks++;
      System.err.println("chaos: node root " + nodeRoot + " but L1 root " + l1Root);
    }
    Map<String, Integer> revertsByRoot = reverted(web3j, chain.rollup);
    int reverted = revertsByRoot.values().stream().mapToInt(Integer::intValue).sum();
    int maxPerBatch = revertsByRoot.values().stream().mapToInt(Integer::intValue).max().orElse(0);
    return new Figures(
        kills,
        acknowledged.size(),
        lost,
        duplicated,
        forks,
        reverted,
        maxPerBatch,
        Map.copyOf(killsByStage));
  }

  private static Optional<JsonObject> awaitFinal(RpcClient rpc, String hash, Instant deadline)
      throws Exception {
    JsonObject receipt = null;
    while (Instant.now().isBefore(deadline)) {
      receipt = rpc.call("keystore_getTransactionReceipt", hash).getJsonObject("result");
      if (receipt != null
          && ("finalised".equals(receipt.getString("status"))
              || "rejected".equals(receipt.getString("status")))) {
        break;
      }
      Thread.sleep(500);
    }
    return Optional.ofNullable(receipt);
  }

  /** Reverted transactions from the sequencer to the rollup on L1, by the new root they carried. */
  private static Map<String, Integer> reverted(Web3j web3j, String rollup) throws Exception {
    String sequencer = Credentials.create(DevDefaults.DEV_PRIVATE_KEY).getAddress();
    long latest = web3j.ethBlockNumber().send().getBlockNumber().longValueExact();
    Map<String, Integer> byRoot = new HashMap<>();
    for (long n = 1; n <= latest; n++) {
      EthBlock.Block block =
          web3j
              .ethGetBlockByNumber(DefaultBlockParameter.valueOf(BigInteger.valueOf(n)), true)
              .send()
              .getBlock();
      for (EthBlock.TransactionResult<?> r : block.getTransactions()) {
        org.web3j.protocol.core.methods.response.Transaction tx =
            (org.web3j.protocol.core.methods.response.Transaction) r.get();
        if (!sequencer.equalsIgnoreCase(tx.getFrom()) || !rollup.equalsIgnoreCase(tx.getTo())) {
          continue;
        }
        TransactionReceipt receipt =
            web3j
                .ethGetTransactionReceipt(tx.getHash())
                .send()
                .getTransactionReceipt()
                .orElseThrow();
        if (!receipt.isStatusOK()) {
          String input = tx.getInput();
          String root = input.length() >= 10 + 128 ? input.substring(10 + 64, 10 + 128) : input;
          byRoot.merge(root, 1, Integer::sum);
        }
      }
    }
    return byRoot;
  }
}
