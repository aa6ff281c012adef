package io.keystore.node.cluster;

import io.keystore.prover.Proof;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A prover worker: asks the node for a job whenever it is idle, proves it while it renews its lease
 * (every third of the lease), and sends the proof back. It keeps nothing: killed at any moment, it
 * loses only the proof it was making, which the node hands out again when the lease ends.
 */
public final class ProverWorker implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ProverWorker.class);
  private static final Duration IDLE = Duration.ofMillis(250);
  private static final Duration DELIVERY = Duration.ofMinutes(2);

  /** Makes a job's proof: the loaded circuit of its name, in production. */
  @FunctionalInterface
  public interface Prove {
    Proof prove(JobMessages.Handed job) throws Exception;
  }

  private final Vertx vertx;
  private final JobMessages.Ask ask;
  private final Prove prove;
  private final Thread thread;
  private volatile boolean running = true;

  /**
   * @param id this worker's name in the node's logs, metrics and job rows
   * @param circuits the circuits it proves (an aggregation's inner circuits too)
   * @param memoryGb the memory it declares: it gets no job of a circuit that needs more
   */
  public ProverWorker(Vertx vertx, String id, List<String> circuits, int memoryGb, Prove prove) {
    this.vertx = vertx;
    this.ask = new JobMessages.Ask(id, List.copyOf(circuits), memoryGb);
    this.prove = prove;
    this.thread = Thread.ofPlatform().name("prover-worker").unstarted(this::loop);
  }

  public ProverWorker start() {
    thread.start();
    return this;
  }

  private void loop() {
    while (running) {
      try {
        Optional<JobMessages.Handed> job =
            JobMessages.Handed.fromReply(
                request(JobMessages.TAKE, ask.toJson(), Duration.ofSeconds(10)));
        if (job.isPresent()) {
          work(job.get());
        } else {
          Thread.sleep(IDLE);
        }
      } catch (InterruptedException e) {
        return;
      } catch (Exception e) {
        LOG.debug("no job from the node ({}); asking again", e.toString());
        sleep(IDLE);
      }
    }
  }

  private void work(JobMessages.Handed job) throws InterruptedException {
    LOG.info("job {} ({} for {}): proving", job.id(), job.circuit(), job.target());
    long period = Math.max(250, job.leaseMs() / 3);
    long timer = vertx.setPeriodic(period, t -> renew(job.id()));
    long start = System.nanoTime();
    Proof proof;
    try {
      proof = prove.prove(job);
    } catch (Exception e) {
      LOG.warn("job {}: cannot prove it: {}", job.id(), e.toString());
      vertx.cancelTimer(timer);
      vertx
          .eventBus()
          .request(
              JobMessages.FAILED,
              new JsonObject()
                  .put("worker", ask.worker())
                  .put("id", job.id())
                  .put("error", e.toString()));
      return;
    }
    long provingMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    try {
      deliver(
          new JobMessages.Result(
              ask.worker(), job.id(), proof.calldata(), proof.publicInputs(), provingMs));
    } finally {
      vertx.cancelTimer(timer);
    }
  }

  /** Sends the proof until the node answers (it may be restarting): accepted, refused or late. */
  private void deliver(JobMessages.Result result) throws InterruptedException {
    long until = System.nanoTime() + DELIVERY.toNanos();
    while (running && System.nanoTime() < until) {
      try {
        String outcome =
            request(JobMessages.RESULT, result.toJson(), Duration.ofSeconds(30))
                .getString("outcome");
        if (!JobMessages.RETRY.equals(outcome)) {
          LOG.info(
              "job {}: proof sent after {} ms proving: {}",
              result.id(),
              result.provingMs(),
              outcome);
          return;
        }
      } catch (Exception e) {
        LOG.info(
            "job {}: the node did not take the proof yet ({}); sending it again",
            result.id(),
            e.toString());
      }
      Thread.sleep(IDLE);
    }
    LOG.warn(
        "job {}: the node took no proof in {} s; dropping it", result.id(), DELIVERY.toSeconds());
  }

  private void renew(String id) {
    vertx
        .eventBus()
        .<JsonObject>request(
            JobMessages.RENEW, new JsonObject().put("worker", ask.worker()).put("id", id))
        .onSuccess(
            r -> {
              if (!r.body().getBoolean("held", false)) {
                LOG.warn("job {}: the lease is no longer this worker's; proving on", id);
              }
            })
        .onFailure(e -> LOG.debug("job {}: lease not renewed: {}", id, e.toString()));
  }

  private JsonObject request(String address, JsonObject body, Duration timeout) throws Exception {
    return vertx
        .eventBus()
        .<JsonObject>request(
            address, body, new DeliveryOptions().setSendTimeout(timeout.toMillis()))
        .toCompletionStage()
        .toCompletableFuture()
        .get(timeout.toMillis() + 1_000, TimeUnit.MILLISECONDS)
        .body();
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Stops asking for work (a proof under way is dropped when the process exits). */
  @Override
  public void close() {
    running = false;
    thread.interrupt();
  }
}
