package io.keystore.node.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ChainTimeTest {

  static final long WALL = 1_800_000_000L;
  final AtomicLong l1 = new AtomicLong(WALL - 12);
  final ChainTime time = new ChainTime(l1::get, Clock.fixed(Instant.ofEpochSecond(WALL), ZoneOffset.UTC));

  @Test
  void aBatchTakesTheLatestL1BlockTimeEvenWhenItIsBehindTheWallClock() {
    assertThat(time.batchTime()).isEqualTo(WALL - 12);
  }

  @Test
  void aBatchTakesL1TimeMovedAheadOfTheWallClock() {
    l1.set(WALL + 3600);
    assertThat(time.batchTime()).isEqualTo(WALL + 3600);
  }

  @Test
  void admissionUsesTheWallClockWhileL1IsBehindIt() {
    time.refresh();
    assertThat(time.admissionTime()).isEqualTo(WALL);
  }

  @Test
  void admissionFollowsL1TimeMovedAheadOnceTheNodeHasReadIt() {
    l1.set(WALL + 3600);
    assertThat(time.admissionTime()).isEqualTo(WALL);
    assertThat(time.refresh()).isFalse();
    assertThat(time.admissionTime()).isEqualTo(WALL + 3600);
  }

  @Test
  void admissionTimeNeverGoesBackWhenL1ReportsAnEarlierBlock() {
    l1.set(WALL + 3600);
    time.refresh();
    l1.set(WALL + 100);
    time.refresh();
    assertThat(time.admissionTime()).isEqualTo(WALL + 3600);
  }

  @Test
  void anUnreachableL1FailsTheBatchTimeInsteadOfGuessingOne() {
    ChainTime down = new ChainTime(() -> {
      throw new IOException("connection refused");
    }, Clock.systemUTC());
    assertThatThrownBy(down::batchTime).isInstanceOf(UncheckedIOException.class).hasMessageContaining("connection refused");
  }
}
