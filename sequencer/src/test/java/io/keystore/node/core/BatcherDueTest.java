package io.keystore.node.core;

import static io.keystore.node.core.MempoolTest.DOMAIN;
import static io.keystore.node.core.MempoolTest.SIGNING;
import static io.keystore.node.core.MempoolTest.T0;
import static io.keystore.node.core.MempoolTest.create;
import static io.keystore.node.core.MempoolTest.raw;
import static org.assertj.core.api.Assertions.assertThat;

import io.keystore.node.storage.NodeStore;
import io.keystore.state.storage.H2StateStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When the batcher cuts a batch: its cheap test first must never hold back one that is due. */
class BatcherDueTest {

  /** A clock the test moves. */
  static final class MovableClock extends Clock {
    Instant now = Instant.ofEpochSecond(T0);

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  @TempDir Path dir;
  final MovableClock clock = new MovableClock();
  NodeStore store;
  H2StateStore stateStore;
  StateAccess state;
  Mempool mempool;

  @BeforeEach
  void open() {
    store = NodeStore.open(dir);
    stateStore = H2StateStore.open(dir.resolve("state"));
    state = new StateAccess(stateStore, DOMAIN);
    mempool = new Mempool(store, state, clock, 1000);
  }

  @AfterEach
  void close() throws Exception {
    mempool.close();
    stateStore.close();
    store.close();
  }

  Batcher batcher(int maxSlots, Duration maxWait) {
    return new Batcher(store, state, mempool, clock, () -> clock.now.getEpochSecond(), maxSlots, maxWait);
  }

  void admit(String label) {
    assertThat(mempool.submit(raw(create(SIGNING, label)))).isInstanceOf(Admission.Accepted.class);
  }

  @Test
  void noBatchWithNothingPendingEvenWithoutAWait() {
    assertThat(batcher(4, Duration.ZERO).tick()).isFalse();
  }

  @Test
  void aFullBatchIsCutAtOnceAndAPartOneIsNot() {
    Batcher b = batcher(4, Duration.ofHours(1));
    for (int i = 0; i < 3; i++) {
      admit("due " + i);
    }
    assertThat(b.tick()).isFalse();

    admit("due 3");

    assertThat(b.tick()).isTrue();
    assertThat(store.countUnbatched()).isZero();
    assertThat(mempool.pendingCount()).isZero();
    assertThat(state.latestStateBatch()).isEqualTo(1);
  }

  @Test
  void aPartBatchIsCutOnceItsOldestTransactionHasWaitedMaxWait() {
    Batcher b = batcher(4, Duration.ofSeconds(10));
    admit("old");
    clock.now = clock.now.plusSeconds(9);
    assertThat(b.tick()).isFalse();

    clock.now = clock.now.plusSeconds(1);

    assertThat(b.tick()).isTrue();
    assertThat(store.countUnbatched()).isZero();
  }

  @Test
  void withoutAWaitEveryPendingTransactionIsCutAtOnce() {
    admit("now");

    assertThat(batcher(4, Duration.ZERO).tick()).isTrue();
  }
}
