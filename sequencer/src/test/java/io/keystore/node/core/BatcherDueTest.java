package io.keystore.node.core;

import static io.keystore.node.core.MempoolTest.SIGNING;
import static io.keystore.node.core.MempoolTest.create;
import static io.keystore.node.core.MempoolTest.raw;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** When the batcher cuts a batch: its cheap test first must never hold back one that is due. */
class BatcherDueTest extends MempoolOnH2 {

  final MovableClock clock = new MovableClock();

  BatcherDueTest() {
    super(1000);
  }

  @Override
  Clock clock() {
    return clock;
  }

  Batcher batcher(int maxSlots, Duration maxWait) {
    return new Batcher(
        store, state, mempool, clock, () -> clock.now.getEpochSecond(), maxSlots, maxWait);
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
