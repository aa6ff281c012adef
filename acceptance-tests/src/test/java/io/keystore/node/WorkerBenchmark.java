package io.keystore.node;

import io.keystore.state.crypto.Address;
import io.keystore.state.crypto.Eip712Domain;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ./bench node} with workers (issue 19), on this machine's loopback: the node's proving
 * throughput with no worker (in process) and with two worker JVMs, the dispatch overhead of a
 * worker's job (the node's time for the job minus the worker's proving time, median), and the
 * failover time from a worker's SIGKILL in the middle of a proof to its job on another worker.
 * Prints JSON lines as every benchmark does.
 */
public final class WorkerBenchmark {

  private static final Duration PATIENCE = Duration.ofMinutes(5);
  private static final int UPDATES = 4;
  private static final long LEASE_MS = 6_000;
  private static final Set<String> PROVEN = Set.of("proven", "submitted", "finalised");

  private WorkerBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path dir = Files.createTempDirectory("worker-bench");
    double inProcess = throughput(dir.resolve("in-process"), 0);
    metric("node_prove_throughput_updates_per_s_0_workers", inProcess, "updates/s");
    double twoWorkers = throughput(dir.resolve("two-workers"), 2);
    metric("node_prove_throughput_updates_per_s_2_workers", twoWorkers, "updates/s");
    failover(dir.resolve("failover"));
    System.exit(0);
  }

  /** {@code UPDATES} transactions sent at once, until every one is proven. */
  private static double throughput(Path dir, int workers) throws Exception {
    Files.createDirectories(dir);
    try (DevnetL1 chain = DevnetL1.start()) {
      Cluster c = new Cluster(dir, chain, workers);
      try {
        Eip712Domain domain = Eip712Domain.keystore(31337, Address.fromHex(chain.rollup));
        // one transaction first: circuits loaded, JIT warm, workers have asked
        c.rpc.awaitReceipt(send(c.rpc, domain, "warm-up"), proven(), PATIENCE);
        long start = System.nanoTime();
        List<String> hashes = new ArrayList<>();
        for (int i = 0; i < UPDATES; i++) {
          hashes.add(send(c.rpc, domain, "update-" + i));
        }
        for (String h : hashes) {
          c.rpc.awaitReceipt(h, proven(), PATIENCE);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (workers > 0) {
          overhead(Files.readString(c.nodeLog));
        }
        return Math.round(UPDATES / seconds * 1000) / 1000.0;
      } finally {
        c.close();
      }
    }
  }

  /** The node's time for each worker job minus the worker's proving time: median, in ms. */
  private static void overhead(String nodeLog) {
    Matcher proving =
        Pattern.compile("proof of worker \\S+ verified \\((\\d+) ms proving\\)").matcher(nodeLog);
    Matcher took = Pattern.compile("proven for \\S+ in (\\d+) ms by worker").matcher(nodeLog);
    List<Long> overheads = new ArrayList<>();
    List<Long> proofs = new ArrayList<>();
    while (proving.find() && took.find()) {
      long p = Long.parseLong(proving.group(1));
      proofs.add(p);
      overheads.add(Long.parseLong(took.group(1)) - p);
    }
    metric("worker_dispatch_overhead_ms", median(overheads), "ms");
    metric("worker_proof_ms_beside_overhead", median(proofs), "ms");
  }

  /** A worker killed 2 s into a proof: seconds until its job is handed to the other worker. */
  private static void failover(Path dir) throws Exception {
    Files.createDirectories(dir);
    try (DevnetL1 chain = DevnetL1.start()) {
      Cluster c = new Cluster(dir, chain, 1);
      try {
        Eip712Domain domain = Eip712Domain.keystore(31337, Address.fromHex(chain.rollup));
        c.rpc.awaitReceipt(send(c.rpc, domain, "warm-up"), proven(), PATIENCE);
        Process second = c.worker("W2");
        String hash = send(c.rpc, domain, "failover");
        String handed = "job batch-2-L1 (batch-1) handed to worker ";
        ChildJvm.awaitLine(c.nodeLog, handed, c.node, PATIENCE);
        String log = Files.readString(c.nodeLog);
        int at = log.indexOf(handed) + handed.length();
        String first = log.substring(at, log.indexOf('\n', at)).strip();
        Thread.sleep(2_000);
        Process victim = first.equals("W2") ? second : c.workers.getFirst();
        String other = first.equals("W2") ? "W1" : "W2";
        long killed = System.nanoTime();
        victim.destroyForcibly().waitFor();
        ChildJvm.awaitLine(c.nodeLog, handed + other, c.node, PATIENCE);
        double seconds = (System.nanoTime() - killed) / 1e9;
        c.rpc.awaitReceipt(hash, proven(), PATIENCE);
        metric("worker_failover_seconds", Math.round(seconds * 10) / 10.0, "s");
        metric("worker_failover_lease_ms", LEASE_MS, "ms");
      } finally {
        c.close();
      }
    }
  }

  /** The node (a child JVM, in process or on a cluster) and its workers. */
  private static final class Cluster implements AutoCloseable {
    final Path dir;
    final Path nodeLog;
    final RpcClient rpc;
    final Process node;
    final List<Process> workers = new ArrayList<>();
    final List<Integer> ports = new ArrayList<>();
    final String members;

    Cluster(Path dir, DevnetL1 chain, int workerCount) throws Exception {
      this.dir = dir;
      this.nodeLog = dir.resolve("node.log");
      int rpcPort = NodeProcess.freePort();
      this.rpc = new RpcClient(rpcPort);
      for (int i = 0; i < 3; i++) {
        ports.add(NodeProcess.freePort());
      }
      members = String.join(",", ports.stream().map(p -> "127.0.0.1:" + p).toList());
      List<String> args = new ArrayList<>();
      if (workerCount > 0) {
        args.addAll(
            List.of(
                "--cluster-port=" + ports.get(0),
                "--cluster-members=" + members,
                "--worker-lease-ms=" + LEASE_MS));
      }
      node =
          NodeProcess.start(
              chain, dir.resolve("data"), rpcPort, nodeLog, args.toArray(String[]::new));
      NodeProcess.awaitReady(rpc, node);
      for (int i = 1; i <= workerCount; i++) {
        worker("W" + i);
      }
    }

    Process worker(String id) throws Exception {
      int port = ports.get(workers.size() + 1);
      Path log = dir.resolve(id + ".log");
      Process p =
          WorkerProcess.start(
              log, "--cluster-port=" + port, "--cluster-members=" + members, "--worker-id=" + id);
      workers.add(p);
      ChildJvm.awaitLine(log, "prover worker " + id + " in the cluster", p, PATIENCE);
      return p;
    }

    @Override
    public void close() throws Exception {
      for (Process p : workers) {
        p.destroyForcibly().waitFor();
      }
      node.destroyForcibly().waitFor();
    }
  }

  private static Predicate<JsonObject> proven() {
    return r -> PROVEN.contains(r.getString("status"));
  }

  private static String send(RpcClient rpc, Eip712Domain domain, String label) throws Exception {
    return rpc.call(
            "keystore_sendRawTransaction",
            DevTransactions.hex(DevTransactions.create(domain, label, 0)))
        .getString("result");
  }

  private static long median(List<Long> values) {
    List<Long> sorted = values.stream().sorted().toList();
    return sorted.isEmpty() ? -1 : sorted.get(sorted.size() / 2);
  }

  private static void metric(String name, Number value, String unit) {
    System.out.printf("{\"metric\": \"%s\", \"value\": %s, \"unit\": \"%s\"}%n", name, value, unit);
  }
}
