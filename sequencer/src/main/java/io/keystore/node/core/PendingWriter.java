package io.keystore.node.core;

import io.keystore.node.storage.NodeStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Group commit of admitted transactions: callers enqueue and wait; one thread writes everything
 * queued meanwhile in one database transaction, then releases them. A transaction is acknowledged
 * only once its row is committed.
 */
final class PendingWriter implements AutoCloseable {

  private record Request(NodeStore.NewTx tx, CompletableFuture<Void> done) {}

  private static final int MAX_GROUP = 1000;

  private final NodeStore store;
  private final BlockingQueue<Request> queue = new LinkedBlockingQueue<>();
  private final Thread thread;
  private volatile boolean running = true;

  PendingWriter(NodeStore store) {
    this.store = store;
    this.thread = Thread.ofPlatform().name("mempool-writer").daemon(true).start(this::loop);
  }

  /** Enqueues; the future completes once the row is committed (or fails with the cause). */
  CompletableFuture<Void> write(NodeStore.NewTx tx) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    queue.add(new Request(tx, done));
    return done;
  }

  /** Returns once everything enqueued before the call is committed. */
  void flush() {
    write(null).join();
  }

  private void loop() {
    List<Request> group = new ArrayList<>();
    while (running || !queue.isEmpty()) {
      try {
        Request first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        group.add(first);
        queue.drainTo(group, MAX_GROUP - 1);
        try {
          List<NodeStore.NewTx> rows =
              group.stream().map(Request::tx).filter(t -> t != null).toList();
          if (!rows.isEmpty()) {
            store.insertPendingAll(rows);
          }
          group.forEach(r -> r.done().complete(null));
        } catch (RuntimeException e) {
          group.forEach(r -> r.done().completeExceptionally(e));
        }
        group.clear();
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    thread.join();
  }
}
