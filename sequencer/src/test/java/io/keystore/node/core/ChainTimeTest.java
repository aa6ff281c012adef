package io.keystore.node.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ChainTimeTest {

  static final long L1_NOW = 1_800_000_000L;
  final AtomicLong l1 = new AtomicLong(L1_NOW);
  final ChainTime time = new ChainTime(l1::get);

  @Test
  void aBatchTakesTheLatestL1BlockTime() {
    assertThat(time.batchTime()).isEqualTo(L1_NOW);
  }

  @Test
  void aBatchTakesL1TimeMovedForward() {
    l1.set(L1_NOW + 3600);
    assertThat(time.batchTime()).isEqualTo(L1_NOW + 3600);
  }

  @Test
  void admissionUsesTheLatestL1TimeTheNodeHasRead() {
    time.refresh();
    l1.set(L1_NOW + 3600);
    assertThat(time.admissionTime()).isEqualTo(L1_NOW);
    assertThat(time.refresh()).isFalse();
    assertThat(time.admissionTime()).isEqualTo(L1_NOW + 3600);
  }

  @Test
  void admissionIsNeverLaterThanTheNextBatchTime() {
    time.refresh();
    l1.set(L1_NOW + 12);
    assertThat(time.admissionTime()).isLessThanOrEqualTo(time.batchTime());
  }

  @Test
  void admissionTimeNeverGoesBackWhenL1ReportsAnEarlierBlock() {
    l1.set(L1_NOW + 3600);
    time.refresh();
    l1.set(L1_NOW + 100);
    time.refresh();
    assertThat(time.admissionTime()).isEqualTo(L1_NOW + 3600);
  }

  @Test
  void anUnreachableL1FailsTheBatchTimeInsteadOfGuessingOne() {
    ChainTime down =
        new ChainTime(
            () -> {
              throw new IOException("connection refused");
            });
    assertThatThrownBy(down::batchTime)
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("connection refused");
  }
}
