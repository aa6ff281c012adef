package io.keystore.node.core;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pipeline stage on its own thread: calls {@code step} until it reports no work, then sleeps
 * {@code idle}; an exception is logged and retried after a pause, so a failing L1 or a bad batch
 * never stops the node.
 */
public final class Stage implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Stage.class);

  /** One unit of work; true if it did something. */
  @FunctionalInterface
  public interface Step {
    boolean run() throws Exception;
  }

  private final Thread thread;
  private volatile boolean running = true;

  public Stage(String name, Step step, Duration idle) {
    this.thread =
        Thread.ofPlatform().name(name).daemon(true).unstarted(() -> loop(name, step, idle));
  }

  public Stage start() {
    thread.start();
    return this;
  }

  private void loop(String name, Step step, Duration idle) {
    while (running) {
      try {
        if (!step.run()) {
          Thread.sleep(idle);
        }
      } catch (InterruptedException e) {
        return;
      } catch (Exception | Error e) {
        if (!running) {
          LOG.debug("stage {} stopped in a step: {}", name, e.toString());
          return;
        }
        LOG.error("stage {} failed; retrying", name, e);
        try {
          Thread.sleep(Duration.ofSeconds(1));
        } catch (InterruptedException ie) {
          return;
        }
      }
    }
  }

  /**
   * Asks the stage to stop after its current step, without waiting ({@link #close} waits): the node
   * asks every stage before it waits for any. A step that fails once the stage is stopping (its
   * node is closing) is no error.
   */
  public void stop() {
    running = false; // no interrupt: H2's file channels must not see one
  }

  @Override
  public void close() throws InterruptedException {
    stop();
    if (!thread.join(Duration.ofSeconds(60))) {
      LOG.warn("stage {} still in its step after 60 s; closing without it", thread.getName());
    }
  }
}
