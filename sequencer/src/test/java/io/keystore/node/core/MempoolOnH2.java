package io.keystore.node.core;

import static io.keystore.node.core.MempoolTest.DOMAIN;
import static io.keystore.node.core.MempoolTest.T0;

import io.keystore.node.storage.NodeStore;
import io.keystore.state.storage.H2StateStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The core tests' setting: the node's store, the state and a mempool on real H2 databases in a
 * fresh directory per test, opened before each test and closed after it. A subclass gives the clock
 * and the pending limit.
 */
abstract class MempoolOnH2 {

  /** A clock the test moves, from {@code T0}. */
  static final class MovableClock extends io.keystore.node.MovableClock {
    MovableClock() {
      super(Instant.ofEpochSecond(T0));
    }
  }

  private final int maxPending;

  @TempDir Path dir;
  NodeStore store;
  H2StateStore stateStore;
  StateAccess state;
  Mempool mempool;

  MempoolOnH2(int maxPending) {
    this.maxPending = maxPending;
  }

  /** The mempool's clock. */
  abstract Clock clock();

  /** The mempool's admission limits (none but its capacity unless a subclass says). */
  AdmissionLimits limits() {
    return AdmissionLimits.UNLIMITED;
  }

  @BeforeEach
  final void openDatabases() {
    store = NodeStore.open(dir);
    stateStore = H2StateStore.open(dir.resolve("state"));
    state = new StateAccess(stateStore, DOMAIN);
    mempool = new Mempool(store, state, clock(), maxPending, limits());
  }

  @AfterEach
  final void closeDatabases() throws Exception {
    mempool.close();
    stateStore.close();
    store.close();
  }
}
