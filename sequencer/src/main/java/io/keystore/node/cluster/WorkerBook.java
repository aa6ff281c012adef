package io.keystore.node.cluster;

import io.keystore.node.rpc.Metrics;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The workers the node has heard from, what each is proving, and their counters: Prometheus metrics
 * labelled by worker ({@code keystore_worker_jobs_done_total}, {@code ..._jobs_failed_total},
 * {@code ..._proofs_refused_total}, {@code ..._leases_expired_total}, {@code ..._proving_ms_total})
 * and {@code keystore_workers} over JSON-RPC.
 */
public final class WorkerBook {

  /** A worker as the node sees it. */
  public record Worker(
      String id,
      List<String> circuits,
      int memoryGb,
      long lastSeenMillis,
      Optional<String> proving,
      long done,
      long failed,
      long refused,
      long leasesExpired) {}

  private final Map<String, Worker> workers = new ConcurrentHashMap<>();
  private final Metrics metrics;
  private final Clock clock;

  public WorkerBook(Metrics metrics, Clock clock) {
    this.metrics = metrics;
    this.clock = clock;
  }

  /** The worker asked for work: it is idle. */
  public void asked(JobMessages.Ask ask) {
    workers.compute(
        ask.worker(),
        (id, w) -> {
          if (w == null) {
            declare(id);
            return new Worker(
                id, ask.circuits(), ask.memoryGb(), now(), Optional.empty(), 0, 0, 0, 0);
          }
          return new Worker(
              id,
              ask.circuits(),
              ask.memoryGb(),
              now(),
              Optional.empty(),
              w.done(),
              w.failed(),
              w.refused(),
              w.leasesExpired());
        });
  }

  /** The worker took job {@code job}. */
  public void took(String worker, String job) {
    update(worker, w -> with(w, Optional.of(job), 0, 0, 0, 0));
  }

  /** The worker renewed its lease: it is alive. */
  public void renewed(String worker) {
    update(worker, w -> with(w, w.proving(), 0, 0, 0, 0));
  }

  /** The worker's proof was taken (it proved for {@code provingMs}). */
  public void done(String worker, long provingMs) {
    update(worker, w -> with(w, Optional.empty(), 1, 0, 0, 0));
    metrics.increment(name("keystore_worker_jobs_done_total", worker));
    metrics.add(name("keystore_worker_proving_ms_total", worker), provingMs);
  }

  /** The worker could not prove its job. */
  public void failed(String worker) {
    update(worker, w -> with(w, Optional.empty(), 0, 1, 0, 0));
    metrics.increment(name("keystore_worker_jobs_failed_total", worker));
  }

  /**
   * True when the worker returned a proof the node refused: it gets no more jobs while this node
   * runs (an honest worker never returns one; a restart of the node forgets it).
   */
  public boolean barred(String worker) {
    Worker w = workers.get(worker);
    return w != null && w.refused() > 0;
  }

  /** The worker's proof was refused (wrong input, no verification): it is barred. */
  public void refused(String worker) {
    update(worker, w -> with(w, Optional.empty(), 0, 0, 1, 0));
    metrics.increment(name("keystore_worker_proofs_refused_total", worker));
  }

  /** The worker's lease of a job expired. */
  public void leaseExpired(String worker) {
    update(worker, w -> with(w, Optional.empty(), 0, 0, 0, 1));
    metrics.increment(name("keystore_worker_leases_expired_total", worker));
  }

  /** Every worker heard from, by id. */
  public List<Worker> workers() {
    return workers.values().stream().sorted(Comparator.comparing(Worker::id)).toList();
  }

  private void declare(String worker) {
    for (String m :
        List.of(
            "keystore_worker_jobs_done_total",
            "keystore_worker_jobs_failed_total",
            "keystore_worker_proofs_refused_total",
            "keystore_worker_leases_expired_total",
            "keystore_worker_proving_ms_total")) {
      metrics.counter(name(m, worker));
    }
  }

  private void update(String worker, java.util.function.UnaryOperator<Worker> change) {
    workers.compute(
        worker,
        (id, w) -> {
          if (w == null) {
            declare(id);
            w = new Worker(id, List.of(), 0, now(), Optional.empty(), 0, 0, 0, 0);
          }
          return change.apply(w);
        });
  }

  private Worker with(
      Worker w, Optional<String> proving, int done, int failed, int refused, int expired) {
    return new Worker(
        w.id(),
        w.circuits(),
        w.memoryGb(),
        now(),
        proving,
        w.done() + done,
        w.failed() + failed,
        w.refused() + refused,
        w.leasesExpired() + expired);
  }

  private static String name(String metric, String worker) {
    return Metrics.labelled(metric, "worker", worker);
  }

  private long now() {
    return clock.millis();
  }
}
