package io.keystore.node.cli;

import io.keystore.node.cluster.Cluster;
import io.keystore.node.cluster.ClusterOptions;
import io.keystore.node.cluster.ProverWorker;
import io.keystore.prover.NativeProver;
import io.keystore.prover.ProvingCircuit;
import io.vertx.core.Vertx;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(
    name = "prover-worker",
    mixinStandardHelpOptions = true,
    description =
        "Proves jobs for a node on other machines: joins the node's provers' cluster, takes leaf"
            + " and aggregation jobs while idle, sends back the proofs. Keeps no state.")
final class ProverWorkerCommand implements Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger(ProverWorkerCommand.class);

  @Mixin ClusterCliOptions cluster;

  @Option(
      names = "--circuits",
      split = ",",
      defaultValue = "batch-1",
      description =
          "The circuits this worker proves, e.g. batch-1,aggregate-2 (an aggregation needs its"
              + " inner circuits too; default: ${DEFAULT-VALUE}).")
  List<String> circuits;

  @Option(
      names = "--memory-gb",
      defaultValue = "8",
      description =
          "The memory this worker offers: it takes no job whose circuit needs more"
              + " (default: ${DEFAULT-VALUE}).")
  int memoryGb;

  @Option(
      names = "--worker-id",
      description = "This worker's name in the node's logs and metrics (default: host-pid).")
  String workerId;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    ClusterOptions options =
        cluster
            .options()
            .orElseThrow(
                () -> new ParameterException(spec.commandLine(), "--cluster-port is required"));
    String id = workerId != null ? workerId : ManagementFactory.getRuntimeMXBean().getName();
    Map<String, ProvingCircuit> loaded = new LinkedHashMap<>();
    NativeProver prover = NativeProver.load();
    for (String name : circuits) {
      loaded.put(name, prover.loadCircuit(name));
    }
    Vertx vertx = Cluster.join(options);
    try (ShutdownSignal stop = ShutdownSignal.register();
        ProverWorker worker =
            new ProverWorker(
                    vertx,
                    id,
                    circuits,
                    memoryGb,
                    job ->
                        circuit(loaded, job.circuit())
                            .prove(job.witness().toArrayUnsafe(), job.target()))
                .start()) {
      LOG.info(
          "prover worker {} in the cluster on {}:{} ({}); circuits {}, {} GB",
          id,
          options.host(),
          options.port(),
          options.plaintext()
              ? "PLAINTEXT, loopback only: development"
              : "TLS under the cluster secret",
          circuits,
          memoryGb);
      stop.await();
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().join();
      loaded.values().forEach(ProvingCircuit::close);
    }
    return 0;
  }

  private static ProvingCircuit circuit(Map<String, ProvingCircuit> loaded, String name) {
    ProvingCircuit c = loaded.get(name);
    if (c == null) {
      throw new IllegalArgumentException("this worker does not serve " + name);
    }
    return c;
  }
}
