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
        Thread.ofPlatform()
            .name(name)
            .daemon(true)
            .unstarted(() -> loop(name, step, idle));
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
        LOG.error("stage {} failed; retrying", name, e);
        try {
          Thread.sleep(Duration.ofSeconds(1));
        } catch (InterruptedException ie) {
          return;
        }
      }
    }
  }

  @Override
  public void close() throws InterruptedException {
    running = false; // no interrupt: H2's file channels must not see one
    thread.join(Duration.ofSeconds(60));
  }
}
