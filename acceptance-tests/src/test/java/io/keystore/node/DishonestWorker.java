package io.keystore.node;

import io.keystore.node.cluster.Cluster;
import io.keystore.node.cluster.ClusterOptions;
import io.keystore.node.cluster.ProverWorker;
import io.keystore.prover.NativeProver;
import io.keystore.prover.Proof;
import io.keystore.prover.ProvingCircuit;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A worker that cheats, for the tests: it proves its first job honestly, then answers every later
 * job with that first proof, a valid proof of other public inputs. Arguments: its id, its cluster
 * port, the members, the cluster secret.
 */
public final class DishonestWorker {

  private DishonestWorker() {}

  public static void main(String[] args) throws Exception {
    String id = args[0];
    ClusterOptions options =
        new ClusterOptions(
            "127.0.0.1",
            Integer.parseInt(args[1]),
            List.of(args[2].split(",")),
            Optional.of(args[3]),
            Duration.ofSeconds(30));
    ProvingCircuit circuit = NativeProver.load().loadCircuit("batch-1");
    AtomicReference<Proof> first = new AtomicReference<>();
    Vertx vertx = Cluster.join(options);
    new ProverWorker(
            vertx,
            id,
            List.of("batch-1"),
            8,
            job -> {
              Proof kept = first.get();
              if (kept != null) {
                System.out.println(
                    "dishonest worker: answering " + job.id() + " with an old proof");
                return kept;
              }
              Proof proof = circuit.prove(job.witness().toArrayUnsafe(), job.target());
              first.set(proof);
              return proof;
            })
        .start();
    System.out.println("dishonest worker " + id + " in the cluster");
    Thread.currentThread().join();
  }
}
