package io.keystore.node;

import static io.keystore.node.ChildJvm.awaitLine;
import static io.keystore.node.ChildJvm.occurrences;
import static io.keystore.node.RpcClient.status;
import static org.assertj.core.api.Assertions.assertThat;

import io.keystore.l1.contracts.KeystoreRollup;
import io.keystore.state.crypto.Address;
import io.keystore.state.crypto.Eip712Domain;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.DefaultGasProvider;

/**
 * Prover workers in their own JVMs on loopback (issue 19), with real batch-1 proofs on the devnet's
 * L1: the node hands every proof to its workers, a worker killed with SIGKILL in the middle of a
 * proof loses its job to the next worker once its lease ends (a worker that joins late), a node
 * killed while a worker proves resumes the job after its restart and proves it once, a worker that
 * answers with a valid proof of other inputs is refused and counted, a process without the cluster
 * secret gets no job, and two workers prove the leaves of a burst side by side and its aggregate-2
 * proof on the one that serves it.
 */
class ProverWorkerTest {

  private static final Duration PATIENCE = Duration.ofMinutes(4);
  private static final String LEASE_MS = "6000";

  @TempDir Path dataDir;
  @TempDir Path logs;

  @Test
  void workersProveEveryBatchThroughAWorkerKillALateJoinerAndANodeRestartOnceEach()
      throws Exception {
    try (DevnetL1 chain = DevnetL1.start()) {
      Eip712Domain domain = Eip712Domain.keystore(31337, Address.fromHex(chain.rollup));
      int nodePort = NodeProcess.freePort();
      int[] ports = freePorts(4);
      String members = members(ports);
      Path nodeLog = logs.resolve("node.log");
      RpcClient rpc = new RpcClient(nodePort);
      String[] nodeArgs = clusterArgs(ports[0], members, "--worker-lease-ms=" + LEASE_MS);
      List<Process> processes = new ArrayList<>();
      try {
        Process node = NodeProcess.start(chain, dataDir, nodePort, nodeLog, nodeArgs);
        processes.add(node);
        NodeProcess.awaitReady(rpc, node);
        Process a = worker("A", ports[1], members, processes);

        // worker A takes batch 1's job, and is killed in the middle of its proof
        List<String> hashes = new ArrayList<>();
        hashes.add(send(rpc, domain, "worker-0"));
        awaitLine(nodeLog, "job batch-1-L1 (batch-1) handed to worker A", node, PATIENCE);
        awaitLine(logs.resolve("A.log"), "job batch-1-L1 (batch-1 for L1): proving", a, PATIENCE);
        Thread.sleep(2_000);
        a.destroyForcibly().waitFor();

        // a worker that joins late gets it once A's lease ends
        worker("B", ports[2], members, processes);
        awaitLine(nodeLog, "the lease of worker A expired", node, PATIENCE);
        awaitLine(nodeLog, "batch 1 proven for L1", node, PATIENCE);
        assertThat(Files.readString(nodeLog))
            .contains("job batch-1-L1 (batch-1) handed to worker B");

        // two workers, a burst: every batch proven by a worker, finalised once
        worker("C", ports[3], members, processes);
        hashes.add(send(rpc, domain, "worker-1"));
        hashes.add(send(rpc, domain, "worker-2"));
        for (String hash : hashes) {
          rpc.awaitReceipt(hash, status("finalised"), PATIENCE);
        }
        String metrics = rpc.get("/metrics").body();
        assertThat(metrics)
            .contains("keystore_worker_leases_expired_total{worker=\"A\"} 1")
            .containsPattern("keystore_worker_jobs_done_total\\{worker=\"B\"} [1-9]");

        io.vertx.core.json.JsonObject provers =
            rpc.call("keystore_provers").getJsonObject("result");
        assertThat(provers.getString("mode")).isEqualTo("cluster");
        assertThat(provers.getJsonArray("workers").encode())
            .contains("\"id\":\"B\"")
            .contains("\"id\":\"C\"");

        // the node killed while a worker proves: the restarted node takes that worker's proof
        hashes.add(send(rpc, domain, "worker-3"));
        String job = "job batch-" + (hashes.size()) + "-L1 (batch-1) handed to worker";
        awaitLine(nodeLog, job, node, PATIENCE);
        Thread.sleep(1_000);
        node.destroyForcibly().waitFor();
        Process again = NodeProcess.start(chain, dataDir, nodePort, nodeLog, nodeArgs);
        processes.add(again);
        NodeProcess.awaitReady(rpc, again);
        for (String hash : hashes) {
          rpc.awaitReceipt(hash, status("finalised"), PATIENCE);
        }

        String log = Files.readString(nodeLog);
        // the job resumed after the restart and was proven once (whether its worker kept it or
        // another worker took it once its lease ended: the first valid proof wins)
        assertThat(occurrences(log, "batch " + hashes.size() + " proven for L1 in")).isEqualTo(1);
        assertThat(occurrences(log, "proven for L1 in")).isEqualTo(hashes.size());
        assertThat(occurrences(log, "by worker ")).isEqualTo(hashes.size());
        assertThat(log).doesNotContain("proving in process");
        assertThat(rollup(chain).batchCount().send()).isEqualTo(BigInteger.valueOf(hashes.size()));
      } finally {
        for (Process p : processes) {
          p.destroyForcibly().waitFor();
        }
      }
    }
  }

  @Test
  void aWorkerAnsweringWithAProofOfOtherInputsIsRefusedAndAProcessWithoutTheSecretGetsNoJob()
      throws Exception {
    try (DevnetL1 chain = DevnetL1.start()) {
      Eip712Domain domain = Eip712Domain.keystore(31337, Address.fromHex(chain.rollup));
      int nodePort = NodeProcess.freePort();
      int[] ports = freePorts(4);
      String members = members(ports);
      Path secret = logs.resolve("cluster.secret");
      Files.writeString(secret, "the cluster secret of this test\n");
      Path wrong = logs.resolve("wrong.secret");
      Files.writeString(wrong, "not the cluster secret of this test\n");
      Path nodeLog = logs.resolve("node.log");
      RpcClient rpc = new RpcClient(nodePort);
      List<Process> processes = new ArrayList<>();
      try {
        Process node =
            NodeProcess.start(
                chain,
                dataDir,
                nodePort,
                nodeLog,
                clusterArgs(
                    ports[0],
                    members,
                    "--worker-lease-ms=" + LEASE_MS,
                    "--cluster-secret-file=" + secret));
        processes.add(node);
        NodeProcess.awaitReady(rpc, node);
        Process stranger =
            WorkerProcess.start(
                logs.resolve("stranger.log"),
                clusterArgs(
                    ports[1], members, "--worker-id=stranger", "--cluster-secret-file=" + wrong));
        processes.add(stranger);
        Path dishonestLog = logs.resolve("D.log");
        Process dishonest =
            WorkerProcess.startMain(
                dishonestLog,
                DishonestWorker.class.getName(),
                "D",
                Integer.toString(ports[2]),
                members,
                Files.readString(secret).strip());
        processes.add(dishonest);
        awaitLine(dishonestLog, "dishonest worker D in the cluster", dishonest, PATIENCE);

        // D proves batch 1 honestly, then answers batch 2's job with batch 1's proof
        String first = send(rpc, domain, "honest-first");
        rpc.awaitReceipt(first, status("finalised"), PATIENCE);
        String second = send(rpc, domain, "then-a-lie");
        awaitLine(nodeLog, "job batch-2-L1: the proof of worker D is refused", node, PATIENCE);

        // an honest worker gets the job again and proves it
        worker("H", ports[3], members, processes, "--cluster-secret-file=" + secret);
        rpc.awaitReceipt(second, status("finalised"), PATIENCE);

        String log = Files.readString(nodeLog);
        assertThat(log).contains("batch 2 proven for L1").contains("by worker H");
        assertThat(rpc.get("/metrics").body())
            .contains("keystore_worker_proofs_refused_total{worker=\"D\"} 1")
            .doesNotContain("stranger");
        assertThat(log).doesNotContain("worker stranger");
        assertThat(Files.readString(logs.resolve("stranger.log"))).doesNotContain("proving");
        assertThat(rollup(chain).batchCount().send()).isEqualTo(BigInteger.TWO);
      } finally {
        for (Process p : processes) {
          p.destroyForcibly().waitFor();
        }
      }
    }
  }

  @Test
  void twoWorkersProveTheLeavesOfABurstSideBySideAndTheAggregateOnTheOneThatServesIt()
      throws Exception {
    try (DevnetL1 chain = DevnetL1.start()) {
      Eip712Domain domain = Eip712Domain.keystore(31337, Address.fromHex(chain.rollup));
      int nodePort = NodeProcess.freePort();
      int[] ports = freePorts(3);
      String members = members(ports);
      Path nodeLog = logs.resolve("node.log");
      RpcClient rpc = new RpcClient(nodePort);
      List<Process> processes = new ArrayList<>();
      try {
        Process node =
            NodeProcess.start(
                chain,
                dataDir,
                nodePort,
                nodeLog,
                clusterArgs(
                    ports[0], members, "--max-aggregated-batches=4", "--max-unproven-batches=2"));
        processes.add(node);
        NodeProcess.awaitReady(rpc, node);
        // L proves batch-1 leaves only; G has the memory of an aggregation too
        worker("L", ports[1], members, processes, "--circuits=batch-1", "--memory-gb=4");
        worker(
            "G", ports[2], members, processes, "--circuits=batch-1,aggregate-2", "--memory-gb=16");

        // two transactions at once: two batch-1 leaves, one aggregate-2 proof
        List<String> hashes = List.of(send(rpc, domain, "leaf-0"), send(rpc, domain, "leaf-1"));
        for (String hash : hashes) {
          rpc.awaitReceipt(hash, status("finalised"), Duration.ofMinutes(8));
        }

        String log = Files.readString(nodeLog);
        String handedOne = handedTo(log, "batch-1-AGGREGATION");
        String handedTwo = handedTo(log, "batch-2-AGGREGATION");
        assertThat(Set.of(handedOne, handedTwo)).as("the workers of the two leaves").hasSize(2);
        // the second leaf went out before the first was back: side by side
        assertThat(log.indexOf("job batch-2-AGGREGATION (batch-1) handed to worker"))
            .isLessThan(log.indexOf("job batch-1-AGGREGATION: proof of worker"))
            .isGreaterThanOrEqualTo(0);
        assertThat(log).contains("job agg-1-1-0 (aggregate-2) handed to worker G");
        assertThat(log).doesNotContain("(aggregate-2) handed to worker L");
        assertThat(occurrences(log, "(the root, for L1: its batches are PROVEN)")).isEqualTo(1);
        assertThat(rollup(chain).batchCount().send()).isEqualTo(BigInteger.TWO);
      } finally {
        for (Process p : processes) {
          p.destroyForcibly().waitFor();
        }
      }
    }
  }

  /** The worker job {@code job} was handed to (the first time). */
  private static String handedTo(String log, String job) {
    Matcher m =
        Pattern.compile("job " + Pattern.quote(job) + " \\([^)]*\\) handed to worker (\\S+)")
            .matcher(log);
    assertThat(m.find()).as(job + " handed to a worker").isTrue();
    return m.group(1);
  }

  private Process worker(
      String id, int port, String members, List<Process> processes, String... extra)
      throws Exception {
    List<String> args = new ArrayList<>(List.of(clusterArgs(port, members, "--worker-id=" + id)));
    args.addAll(List.of(extra));
    Path log = logs.resolve(id + ".log");
    Process p = WorkerProcess.start(log, args.toArray(String[]::new));
    processes.add(p);
    awaitLine(log, "prover worker " + id + " in the cluster", p, PATIENCE);
    return p;
  }

  private static int[] freePorts(int count) throws Exception {
    int[] ports = new int[count];
    for (int i = 0; i < count; i++) {
      ports[i] = NodeProcess.freePort();
    }
    return ports;
  }

  private static String[] clusterArgs(int port, String members, String... extra) {
    List<String> args =
        new ArrayList<>(List.of("--cluster-port=" + port, "--cluster-members=" + members));
    args.addAll(List.of(extra));
    return args.toArray(String[]::new);
  }

  private static String members(int[] ports) {
    List<String> m = new ArrayList<>();
    for (int p : ports) {
      m.add("127.0.0.1:" + p);
    }
    return String.join(",", m);
  }

  private static String send(RpcClient rpc, Eip712Domain domain, String label) throws Exception {
    return rpc.call(
            "keystore_sendRawTransaction",
            DevTransactions.hex(DevTransactions.create(domain, label, 0)))
        .getString("result");
  }

  private static KeystoreRollup rollup(DevnetL1 chain) {
    return KeystoreRollup.load(
        chain.rollup,
        chain.anvil.web3j(),
        new ReadonlyTransactionManager(chain.anvil.web3j(), chain.rollup),
        new DefaultGasProvider());
  }
}
