package io.keystore.node.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The JVM asked to stop (SIGTERM, Ctrl-C), held until the command has closed what it runs: the
 * shutdown hook releases {@link #await} and then waits for {@link #close} (at most {@link
 * #CLOSE_LIMIT}), so the JVM does not halt in the middle of the node's close. Open it before what
 * it guards, so that try-with-resources closes it last.
 */
final class ShutdownSignal implements AutoCloseable {

  /** How long the JVM waits for the command's close (a stage finishing its step, a proof). */
  static final Duration CLOSE_LIMIT = Duration.ofMinutes(2);

  private final CountDownLatch requested = new CountDownLatch(1);
  private final CountDownLatch closed = new CountDownLatch(1);

  private ShutdownSignal() {}

  static ShutdownSignal register() {
    ShutdownSignal signal = new ShutdownSignal();
    Runtime.getRuntime().addShutdownHook(new Thread(signal::onShutdown, "shutdown"));
    return signal;
  }

  /** Blocks until the JVM is asked to stop. */
  void await() throws InterruptedException {
    requested.await();
  }

  private void onShutdown() {
    requested.countDown();
    try {
      closed.await(CLOSE_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The command has closed what it ran: the JVM may halt. */
  @Override
  public void close() {
    closed.countDown();
  }
}
