package io.keystore.node;

import io.keystore.devtools.Anvil;
import io.keystore.devtools.DevDefaults;
import io.keystore.l1.contracts.KeystoreRollup;
import io.keystore.node.core.AdmissionLimits;
import io.keystore.node.core.AggregationPolicy;
import io.keystore.node.core.ApiKeys;
import io.keystore.node.devnet.Devnet;
import io.keystore.state.crypto.Eip712Domain;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.gas.StaticGasProvider;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;

/**
 * The node's benchmarks, each against a fresh anvil and a fresh data directory; prints JSON lines.
 *
 * <ul>
 *   <li>{@code admission [count] [clients] [warm-up]}: pre-signed account creations sent over
 *       loopback HTTP by concurrent closed-loop clients (keep-alive connections, each sends its
 *       next once answered); every one must be accepted (persisted before the answer): {@code
 *       node_admission_tx_per_s} over the transactions after the first {@code warm-up} (which let
 *       the JIT compile the hot paths), with the CPU this JVM spent per transaction on stderr. The
 *       batcher is held back so that only admission runs; needs anvil, not the prover's keys. The
 *       clients present an API key whose quota the run never exhausts (see {@link #config}).
 *   <li>{@code e2e}: one transaction to warm up the prover, then one timed from
 *       keystore_sendRawTransaction to its root recorded on L1: {@code e2e_latency_s_batch1}.
 *   <li>{@code rss}: the node's resident memory after 10 s idle: {@code node_rss_mb_idle}.
 *   <li>{@code agg64 <Batch16Verifier bytecode file>}: the node with batch-16 batches and
 *       aggregation on under a burst of 64 account creations (after one transaction that loads the
 *       batch-16 keys): four batch-16 leaves and three aggregate-2 proofs, one L1 transaction.
 *       Every transaction must be finalised exactly once, all in that L1 transaction: {@code
 *       l1_submit_gas_agg64}, {@code l1_gas_per_update_agg64}, {@code agg64_burst_seconds} (first
 *       send to the last finalised), {@code prove_core_seconds_per_update_agg64_measured} (this
 *       JVM's CPU over the burst per update: the proofs and everything else the node did) and the
 *       process's peak RSS. Needs the batch-16 keys in the key cache.
 * </ul>
 *
 * Arguments: mode, then the mode's own. The chain is the devnet's L1 ({@link Devnet}).
 */
public final class NodeBenchmark {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  /** The load generator's API key (X-Api-Key), known to the node it starts. */
  static final String API_KEY = "node-benchmark-api-key";

  private NodeBenchmark() {}

  public static void main(String[] args) throws Exception {
    String mode = args[0];
    Path dir = Files.createTempDirectory("node-bench");
    try (Devnet devnet = Devnet.builder().withoutL2().start()) {
      Anvil anvil = devnet.l1();
      String rollup = devnet.rollup();
      switch (mode) {
        case "admission" ->
            admission(
                anvil,
                rollup,
                dir,
                args.length > 1 ? Integer.parseInt(args[1]) : 4000,
                args.length > 2 ? Integer.parseInt(args[2]) : 16,
                args.length > 3 ? Integer.parseInt(args[3]) : 1000);
        case "e2e" -> e2e(anvil, rollup, dir);
        case "rss" -> rss(anvil, rollup, dir);
        case "agg64" ->
            aggregated(
                anvil,
                rollup,
                dir,
                Path.of(args[1]),
                args.length > 2 ? Integer.parseInt(args[2]) : 16,
                args.length > 3 ? Integer.parseInt(args[3]) : 64);
        default -> throw new IllegalArgumentException("mode: admission, e2e, rss or agg64");
      }
    }
    System.exit(0);
  }

  /**
   * The node's limits, but its clients send an API key whose quota no run exhausts, and it takes as
   * many pending creations as a run sends: admission is measured with the limits in its path, none
   * of them refusing.
   */
  private static NodeConfig config(
      Anvil anvil, String rollup, Path dir, int maxSlots, Duration maxWait) {
    AdmissionLimits limits =
        new AdmissionLimits(
            AdmissionLimits.DEFAULTS.perAddress(),
            Optional.of(new AdmissionLimits.ClientQuota(1_000_000, 1_000_000)),
            ApiKeys.of(Map.of("bench", API_KEY)),
            AdmissionLimits.DEFAULTS.maxPendingPerSigner(),
            1_000_000,
            AdmissionLimits.DEFAULTS.maxUnprovenBatches());
    return new NodeConfig(
        anvil.url(),
        rollup,
        DevDefaults.DEV_PRIVATE_KEY,
        dir,
        "127.0.0.1",
        0,
        maxSlots,
        maxWait,
        2,
        Duration.ofSeconds(20),
        128 * 1024,
        100,
        1_000_000,
        limits);
  }

  private static void admission(
      Anvil anvil, String rollup, Path dir, int count, int clients, int warmUp) throws Exception {
    // No batch is cut during the run (a batch size no transaction count reaches, an hour's wait).
    try (KeystoreNode node =
        KeystoreNode.start(config(anvil, rollup, dir, 1 << 20, Duration.ofHours(1)))) {
      List<String> bodies = signed(node.domain(), count);
      String url = "http://127.0.0.1:" + node.rpcPort() + "/";
      send(url, bodies.subList(0, Math.min(warmUp, count)), clients);
      List<String> timed = bodies.subList(Math.min(warmUp, count), count);
      long cpuStart = processCpuNanos();
      long start = System.nanoTime();
      int accepted = send(url, timed, clients);
      double seconds = (System.nanoTime() - start) / 1e9;
      double cpuMsPerTx = (processCpuNanos() - cpuStart) / 1e6 / timed.size();
      if (accepted != timed.size()) {
        throw new IllegalStateException(accepted + " of " + timed.size() + " accepted");
      }
      long pending =
          call(url, "keystore_syncStatus").getJsonObject("result").getLong("pendingTransactions");
      if (pending != count) {
        throw new IllegalStateException(pending + " pending in the database, expected " + count);
      }
      System.err.printf(
          "[bench] %d transactions accepted and persisted in %.2f s by %d clients%n",
          timed.size(), seconds, clients);
      System.err.printf(
          "[bench] %.2f ms of CPU per transaction (this JVM: node and load generator; %d cores)%n",
          cpuMsPerTx, Runtime.getRuntime().availableProcessors());
      metric("node_admission_tx_per_s", Math.round(timed.size() / seconds), "tx/s");
    }
  }

  /** CPU time of this process so far (every thread), in nanoseconds. */
  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /**
   * With aggregation on (up to 8 batches): at low load a batch still goes to L1 alone, so this is
   * the direct path's latency (docs/spec/aggregation.md §7).
   */
  private static void e2e(Anvil anvil, String rollup, Path dir) throws Exception {
    NodeConfig config =
        config(anvil, rollup, dir, 1, Duration.ZERO)
            .withAggregation(new io.keystore.node.core.AggregationPolicy(8));
    try (KeystoreNode node = KeystoreNode.start(config)) {
      String url = "http://127.0.0.1:" + node.rpcPort() + "/";
      List<String> bodies = signed(node.domain(), 2);
      awaitStatus(url, send(url, bodies.get(0)), "submitted"); // loads the circuit
      long start = System.nanoTime();
      awaitStatus(url, send(url, bodies.get(1)), "submitted");
      metric("e2e_latency_s_batch1", Math.round((System.nanoTime() - start) / 1e8) / 10.0, "s");
    }
  }

  private static void rss(Anvil anvil, String rollup, Path dir) throws Exception {
    try (KeystoreNode node = KeystoreNode.start(config(anvil, rollup, dir, 1, Duration.ZERO))) {
      Thread.sleep(10_000);
      long kb = status("VmRSS:");
      metric("node_rss_mb_idle", kb / 1024, "MB");
    }
  }

  /**
   * The {@code agg64} mode; {@code slots} and {@code updates} other than 16 and 64 (a run of the
   * mode's mechanics with batch-1 keys, say) name the figures after {@code updates}.
   */
  private static void aggregated(
      Anvil anvil, String rollupAddress, Path dir, Path verifierCode, int slots, int updates)
      throws Exception {
    KeystoreRollup rollup = ownedRollup(anvil, rollupAddress);
    String verifier = deploy(anvil, Files.readString(verifierCode).trim());
    // the secp256k1 batch circuit of this size: its circuit id is its size (proof.md §9)
    rollup
        .setVerifier(
            BigInteger.valueOf(io.keystore.state.proof.BatchCircuit.secp256k1(slots).id()),
            verifier)
        .send();
    NodeConfig config =
        config(anvil, rollupAddress, dir, slots, Duration.ofSeconds(5))
            .withAggregation(new AggregationPolicy(updates / slots));
    try (KeystoreNode node = KeystoreNode.start(config)) {
      String url = "http://127.0.0.1:" + node.rpcPort() + "/";
      List<String> bodies = signed(node.domain(), updates + 1);
      // One transaction alone: a batch proven for L1 alone (loads the batch keys).
      System.err.println("[bench] warm-up: one transaction, a batch alone");
      awaitStatus(url, send(url, bodies.getFirst()), "finalised");
      List<String> burst = bodies.subList(1, bodies.size());
      System.err.printf("[bench] a burst of %d transactions%n", burst.size());
      long cpuStart = processCpuNanos();
      long start = System.nanoTime();
      List<String> hashes = new ArrayList<>();
      for (String body : burst) {
        hashes.add(post(url, body).getString("result"));
      }
      Set<String> l1Txs = new HashSet<>();
      Set<Long> batches = new HashSet<>();
      for (String hash : hashes) {
        JsonObject r = awaitStatus(url, hash, "finalised");
        l1Txs.add(r.getString("l1TransactionHash"));
        batches.add(r.getLong("nodeBatch"));
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      double cpuSeconds = (processCpuNanos() - cpuStart) / 1e9;
      if (l1Txs.size() != 1) {
        throw new IllegalStateException("the burst went to L1 in " + l1Txs + ", not one");
      }
      TransactionReceipt receipt =
          anvil
              .web3j()
              .ethGetTransactionReceipt(l1Txs.iterator().next())
              .send()
              .getTransactionReceipt()
              .orElseThrow();
      var submitted = rollup.getBatchSubmittedEvents(receipt);
      long covered = submitted.stream().mapToLong(e -> e.txCount.longValue()).sum();
      if (covered != updates
          || submitted.size() != batches.size()
          || rollup.getAggregateSubmittedEvents(receipt).size() != 1
          || !rollup.batchCount().send().equals(BigInteger.valueOf(1 + batches.size()))) {
        throw new IllegalStateException(
            "the aggregated submission holds "
                + submitted.size()
                + " batches of "
                + covered
                + " updates; the rollup "
                + rollup.batchCount().send()
                + " batches");
      }
      System.err.printf(
          "[bench] %d transactions in %d batches finalised in one L1 transaction after %.1f s,"
              + " %.0f CPU-s%n",
          updates, submitted.size(), seconds, cpuSeconds);
      long gas = receipt.getGasUsed().longValue();
      String n = Long.toString(updates);
      metric("l1_submit_gas_agg" + n, gas, "gas");
      metric("l1_gas_per_update_agg" + n, gas / updates, "gas");
      metric("agg" + n + "_burst_seconds", Math.round(seconds), "s");
      metric(
          "prove_core_seconds_per_update_agg" + n + "_measured",
          Math.round(cpuSeconds / updates * 10) / 10.0,
          "core-s/update");
      metric("agg" + n + "_node_peak_rss_mb", status("VmHWM:") / 1024, "MB");
    }
  }

  /** The devnet's rollup, sent transactions by its owner (the dev key). */
  private static KeystoreRollup ownedRollup(Anvil anvil, String address) {
    return KeystoreRollup.load(address, anvil.web3j(), devManager(anvil), GAS);
  }

  private static final StaticGasProvider GAS =
      new StaticGasProvider(BigInteger.valueOf(10_000_000_000L), BigInteger.valueOf(8_000_000));

  private static RawTransactionManager devManager(Anvil anvil) {
    return new RawTransactionManager(
        anvil.web3j(),
        Credentials.create(DevDefaults.DEV_PRIVATE_KEY),
        anvil.chainId(),
        new PollingTransactionReceiptProcessor(anvil.web3j(), 100, 600));
  }

  /** Deploys the contract of creation code {@code code} (hex) with the dev key. */
  private static String deploy(Anvil anvil, String code) throws Exception {
    var sent =
        devManager(anvil)
            .sendTransaction(
                GAS.getGasPrice(), GAS.getGasLimit(), null, code, BigInteger.ZERO, true);
    if (sent.hasError()) {
      throw new IllegalStateException("deployment refused: " + sent.getError().getMessage());
    }
    return new PollingTransactionReceiptProcessor(anvil.web3j(), 100, 600)
        .waitForTransactionReceipt(sent.getTransactionHash())
        .getContractAddress();
  }

  /** A line of /proc/self/status, in kB. */
  private static long status(String field) throws Exception {
    return Files.readAllLines(Path.of("/proc/self/status")).stream()
        .filter(l -> l.startsWith(field))
        .map(l -> Long.parseLong(l.replaceAll("\\D", "")))
        .findFirst()
        .orElseThrow();
  }

  /** JSON-RPC bodies of {@code count} account creations, each for a new random account. */
  static List<String> signed(Eip712Domain domain, int count) {
    return DevTransactions.randomCreations(domain, count).stream()
        .map(h -> body("keystore_sendRawTransaction", "\"" + h + "\""))
        .toList();
  }

  private static String body(String method, String params) {
    return "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\""
        + method
        + "\",\"params\":["
        + params
        + "]}";
  }

  /**
   * Sends {@code bodies} over {@code clients} keep-alive connections, each waiting for its answer
   * before sending its next (a closed loop), from one Vert.x event loop: the load generator shares
   * the node's cores, so it is the leanest client at hand. Returns how many were accepted.
   */
  private static int send(String url, List<String> bodies, int clients) throws Exception {
    URI u = URI.create(url);
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    try {
      HttpClientAgent http =
          vertx.createHttpClient(
              new HttpClientOptions().setKeepAlive(true),
              new PoolOptions().setHttp1MaxSize(clients));
      RequestOptions request =
          new RequestOptions()
              .setMethod(HttpMethod.POST)
              .setHost(u.getHost())
              .setPort(u.getPort())
              .setURI("/")
              .putHeader("content-type", "application/json")
              .putHeader("X-Api-Key", API_KEY);
      Lanes lanes = new Lanes(http, request, bodies, clients);
      for (int c = 0; c < clients; c++) {
        vertx.runOnContext(v -> lanes.next());
      }
      lanes.done.await();
      if (lanes.failure.get() != null) {
        throw new IllegalStateException("load generator failed", lanes.failure.get());
      }
      return lanes.accepted.get();
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  /** The closed-loop clients of {@link #send(String, List, int)}. */
  private static final class Lanes {
    final HttpClientAgent http;
    final RequestOptions request;
    final List<String> bodies;
    final AtomicInteger nextBody = new AtomicInteger();
    final AtomicInteger accepted = new AtomicInteger();
    final AtomicReference<Throwable> failure = new AtomicReference<>();
    final CountDownLatch done;

    Lanes(HttpClientAgent http, RequestOptions request, List<String> bodies, int clients) {
      this.http = http;
      this.request = request;
      this.bodies = bodies;
      this.done = new CountDownLatch(clients);
    }

    /** Sends the next body, then (on its answer) the one after, until none is left. */
    void next() {
      int i = nextBody.getAndIncrement();
      if (i >= bodies.size() || failure.get() != null) {
        done.countDown();
        return;
      }
      http.request(request)
          .compose(r -> r.send(bodies.get(i)))
          .compose(HttpClientResponse::body)
          .onSuccess(
              b -> {
                JsonObject r = b.toJsonObject();
                if (r.containsKey("result")) {
                  accepted.incrementAndGet();
                } else {
                  System.err.println("[bench] refused: " + r);
                }
                next();
              })
          .onFailure(
              e -> {
                failure.compareAndSet(null, e);
                done.countDown();
              });
    }
  }

  private static String send(String url, String body) throws Exception {
    return post(url, body).getString("result");
  }

  private static JsonObject awaitStatus(String url, String hash, String status) throws Exception {
    while (true) {
      JsonObject r =
          call(url, "keystore_getTransactionReceipt", "\"" + hash + "\"").getJsonObject("result");
      if (r != null && status.equals(r.getString("status"))) {
        return r;
      }
      Thread.sleep(100);
    }
  }

  private static JsonObject call(String url, String method, String... params) throws Exception {
    return post(url, body(method, String.join(",", params)));
  }

  private static JsonObject post(String url, String body) throws Exception {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(url))
                .header("content-type", "application/json")
                .header("X-Api-Key", API_KEY)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return new JsonObject(r.body());
  }

  private static void metric(String name, Number value, String unit) {
    System.out.printf("{\"metric\": \"%s\", \"value\": %s, \"unit\": \"%s\"}%n", name, value, unit);
  }
}
