package io.keystore.node.cluster;

import io.keystore.node.core.JobProver;
import io.keystore.node.core.ProofJob;
import io.keystore.node.storage.NodeStore;
import io.keystore.node.storage.StoredJob;
import io.keystore.prover.Proof;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands the node's proving jobs to workers on the cluster's event bus. A job is offered while the
 * prover stage asks for it; an idle worker asks for work ({@link JobMessages#TAKE}) and gets the
 * oldest offered job it serves (its circuits, within its declared memory) under a lease, written to
 * the store before the job is sent. The worker renews the lease while it proves; a lease that ends
 * makes the job OPEN again for the next worker that asks. A proof is checked (the prover stage's
 * check: the node's own key, the expected public input) before it is taken: the first valid proof
 * wins; a refused one is counted against its worker and the job is handed out again; an answer for
 * a job already done is "late" and changes nothing.
 */
public final class ClusterProver implements JobProver {

  private static final Logger LOG = LoggerFactory.getLogger(ClusterProver.class);
  private static final Duration WAITING_LOG = Duration.ofSeconds(30);

  private final Vertx vertx;
  private final NodeStore store;
  private final WorkerBook workers;
  private final Clock clock;
  private final Duration lease;
  private final boolean ownsVertx;
  private final Map<String, Offer> offers = new ConcurrentHashMap<>();
  private final List<MessageConsumer<JsonObject>> consumers = new ArrayList<>();

  private record Offer(
      ProofJob job,
      JobProver.ProofCheck check,
      AtomicReference<Proven> proven,
      long since,
      java.util.concurrent.atomic.AtomicLong logged) {}

  private ClusterProver(
      Vertx vertx, NodeStore store, WorkerBook workers, Clock clock, Duration lease, boolean owns) {
    this.vertx = vertx;
    this.store = store;
    this.workers = workers;
    this.clock = clock;
    this.lease = lease;
    this.ownsVertx = owns;
  }

  /**
   * A cluster prover on {@code vertx}'s event bus (closed with it when {@code ownsVertx}).
   *
   * @param lease how long a worker holds a job without renewing
   */
  public static ClusterProver start(
      Vertx vertx,
      NodeStore store,
      WorkerBook workers,
      Clock clock,
      Duration lease,
      boolean ownsVertx) {
    ClusterProver p = new ClusterProver(vertx, store, workers, clock, lease, ownsVertx);
    long now = clock.millis();
    int held = store.extendLeases(now + lease.toMillis(), now);
    if (held > 0) {
      LOG.info("{} jobs held by workers before this start: their leases run on", held);
    }
    p.consume(JobMessages.TAKE, p::take);
    p.consume(JobMessages.RENEW, p::renew);
    p.consume(JobMessages.RESULT, p::result);
    p.consume(JobMessages.FAILED, p::failed);
    return p;
  }

  private void consume(String address, Function<JsonObject, JsonObject> handler) {
    MessageConsumer<JsonObject> c =
        vertx
            .eventBus()
            .consumer(
                address,
                (Message<JsonObject> m) ->
                    vertx
                        .executeBlocking(() -> handler.apply(m.body()), false)
                        .onSuccess(m::reply)
                        .onFailure(
                            e -> {
                              LOG.warn("{} from a worker failed: {}", address, e.toString());
                              m.fail(500, e.getMessage());
                            }));
    consumers.add(c);
    c.completion().toCompletionStage().toCompletableFuture().join();
  }

  /** Every due job: the workers take them as they become idle, the oldest first. */
  @Override
  public int concurrentJobs() {
    return Integer.MAX_VALUE;
  }

  @Override
  public Optional<Proven> prove(ProofJob job, ProofCheck check) {
    Offer offer =
        offers.computeIfAbsent(
            job.id(),
            id ->
                new Offer(
                    job,
                    check,
                    new AtomicReference<>(),
                    clock.millis(),
                    new java.util.concurrent.atomic.AtomicLong(clock.millis())));
    Proven proven = offer.proven().get();
    if (proven != null) {
      offers.remove(job.id());
      return Optional.of(proven);
    }
    expireIfDue(job.id());
    logIfWaiting(offer);
    return Optional.empty();
  }

  private void logIfWaiting(Offer offer) {
    long now = clock.millis();
    long waited = now - offer.since();
    long last = offer.logged().get();
    if (now - last >= WAITING_LOG.toMillis() && offer.logged().compareAndSet(last, now)) {
      StoredJob row = store.job(offer.job().id()).orElseThrow();
      LOG.info(
          "job {} ({}): {} after {} s; {} workers known",
          row.id(),
          row.circuit(),
          StoredJob.LEASED.equals(row.state())
              ? "proving on worker " + row.worker().orElse("?")
              : "waiting for a worker",
          waited / 1000,
          workers.workers().size());
    }
  }

  /** Makes the job OPEN again if its worker's lease ended. */
  private void expireIfDue(String id) {
    long now = clock.millis();
    Optional<StoredJob> row = store.job(id);
    if (row.isPresent()
        && StoredJob.LEASED.equals(row.get().state())
        && row.get().leaseUntil() <= now
        && store.expireLease(id, now)) {
      String worker = row.get().worker().orElse("?");
      workers.leaseExpired(worker);
      LOG.warn(
          "job {}: the lease of worker {} expired ({} ms without a renewal); handing it out again",
          id,
          worker,
          lease.toMillis());
    }
  }

  private JsonObject take(JsonObject body) {
    JobMessages.Ask ask = JobMessages.Ask.fromJson(body);
    workers.asked(ask);
    if (workers.barred(ask.worker())) {
      return new JsonObject(); // it returned a wrong proof: no more jobs for it
    }
    List<Offer> open =
        offers.values().stream()
            .filter(o -> o.proven().get() == null)
            .filter(o -> ask.circuits().contains(o.job().circuit()))
            .filter(o -> CircuitMemory.gigabytes(o.job().circuit()) <= ask.memoryGb())
            .sorted(Comparator.comparingLong(Offer::since).thenComparing(o -> o.job().id()))
            .toList();
    for (Offer o : open) {
      String id = o.job().id();
      expireIfDue(id);
      long now = clock.millis();
      if (store.leaseJob(id, ask.worker(), now + lease.toMillis(), now)) {
        workers.took(ask.worker(), id);
        LOG.info("job {} ({}) handed to worker {}", id, o.job().circuit(), ask.worker());
        return new JsonObject().put("job", JobMessages.Handed.toJson(o.job(), lease.toMillis()));
      }
    }
    return new JsonObject();
  }

  private JsonObject renew(JsonObject body) {
    String worker = body.getString("worker");
    String id = body.getString("id");
    long now = clock.millis();
    boolean held = store.renewLease(id, worker, now + lease.toMillis(), now);
    if (held) {
      workers.renewed(worker);
    }
    return new JsonObject().put("held", held);
  }

  private JsonObject result(JsonObject body) {
    JobMessages.Result r;
    try {
      r = JobMessages.Result.fromJson(body);
    } catch (IllegalArgumentException e) {
      String worker = String.valueOf(body.getValue("worker"));
      workers.refused(worker);
      LOG.warn("a result from worker {} is refused: {}", worker, e.getMessage());
      return outcome(JobMessages.REFUSED);
    }
    Offer offer = offers.get(r.id());
    if (offer == null || offer.proven().get() != null) {
      boolean done = store.job(r.id()).map(j -> StoredJob.DONE.equals(j.state())).orElse(true);
      if (!done && offer == null) {
        return outcome(JobMessages.RETRY); // the node restarted: the job is offered again soon
      }
      LOG.info("job {}: a late proof from worker {}, not needed", r.id(), r.worker());
      return outcome(JobMessages.LATE);
    }
    Optional<String> why;
    Proof proof = null;
    try {
      proof = r.toProof();
      why = offer.check().refusal(offer.job(), proof);
    } catch (IllegalArgumentException e) {
      why = Optional.of("not a proof: " + e.getMessage());
    }
    if (why.isPresent()) {
      store.refuseJobProof(r.id(), r.worker(), clock.millis());
      workers.refused(r.worker());
      LOG.warn(
          "job {}: the proof of worker {} is refused ({}); the job is handed out again, and the"
              + " worker gets no more jobs from this node",
          r.id(),
          r.worker(),
          why.get());
      return outcome(JobMessages.REFUSED);
    }
    if (!offer.proven().compareAndSet(null, new Proven(proof, r.worker()))) {
      return outcome(JobMessages.LATE);
    }
    workers.done(r.worker(), r.provingMs());
    LOG.info(
        "job {}: proof of worker {} verified ({} ms proving)", r.id(), r.worker(), r.provingMs());
    return outcome(JobMessages.ACCEPTED);
  }

  private JsonObject failed(JsonObject body) {
    String worker = body.getString("worker");
    String id = body.getString("id");
    store.releaseJob(id, worker, clock.millis());
    workers.failed(worker);
    LOG.warn("job {}: worker {} could not prove it: {}", id, worker, body.getString("error"));
    return new JsonObject();
  }

  private static JsonObject outcome(String outcome) {
    return new JsonObject().put("outcome", outcome);
  }

  @Override
  public void close() {
    for (MessageConsumer<JsonObject> c : consumers) {
      c.unregister();
    }
    if (ownsVertx) {
      vertx.close().toCompletionStage().toCompletableFuture().join();
    }
  }
}
