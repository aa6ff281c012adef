package io.keystore.node.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Proving jobs: their rows, leases and counters, kept across a reopening of the store. */
class ProveJobStoreTest {

  @TempDir Path dir;

  @Test
  void aJobRecordedAgainKeepsItsLeaseAndCountersAcrossARestart() {
    try (NodeStore store = NodeStore.open(dir)) {
      store.openJob("batch-1-L1", "batch-1", "L1", 1_000);
      assertThat(store.leaseJob("batch-1-L1", "w1", 31_000, 1_000)).isTrue();
    }
    try (NodeStore store = NodeStore.open(dir)) {
      StoredJob again = store.openJob("batch-1-L1", "batch-1", "L1", 5_000);
      assertThat(again.state()).isEqualTo(StoredJob.LEASED);
      assertThat(again.worker()).contains("w1");
      assertThat(again.attempts()).isEqualTo(1);
      assertThat(again.createdAt()).isEqualTo(1_000);
      assertThat(again.leasedAt(30_000)).isTrue();
    }
  }

  @Test
  void aNodeStartingGivesTheLeasesItFindsAWholeLeaseToBeRenewed() {
    try (NodeStore store = NodeStore.open(dir)) {
      store.openJob("batch-6-L1", "batch-1", "L1", 1_000);
      store.leaseJob("batch-6-L1", "w1", 7_000, 1_000);
      store.openJob("batch-7-L1", "batch-1", "L1", 1_000);
      assertThat(store.extendLeases(50_000, 40_000)).isEqualTo(1);
      assertThat(store.expireLease("batch-6-L1", 40_000)).isFalse();
      assertThat(store.job("batch-7-L1").orElseThrow().state()).isEqualTo(StoredJob.OPEN);
    }
  }

  @Test
  void aLeasedJobIsNotHandedOutTwice() {
    try (NodeStore store = NodeStore.open(dir)) {
      store.openJob("agg-1-1-0", "aggregate-2", "L1", 1_000);
      assertThat(store.leaseJob("agg-1-1-0", "w1", 31_000, 1_000)).isTrue();
      assertThat(store.leaseJob("agg-1-1-0", "w2", 31_000, 1_000)).isFalse();
    }
  }

  @Test
  void onlyTheLeaseHolderRenewsItsLease() {
    try (NodeStore store = NodeStore.open(dir)) {
      store.openJob("batch-2-L1", "batch-1", "L1", 1_000);
      store.leaseJob("batch-2-L1", "w1", 31_000, 1_000);
      assertThat(store.renewLease("batch-2-L1", "w2", 61_000, 20_000)).isFalse();
      assertThat(store.renewLease("batch-2-L1", "w1", 61_000, 20_000)).isTrue();
      assertThat(store.job("batch-2-L1").orElseThrow().leaseUntil()).isEqualTo(61_000);
    }
  }

  @Test
  void aWrongAnswerFromAWorkerWithoutTheLeaseLeavesTheHoldersLeaseAlone() {
    try (NodeStore store = NodeStore.open(dir)) {
      store.openJob("batch-5-L1", "batch-1", "L1", 1_000);
      store.leaseJob("batch-5-L1", "honest", 31_000, 1_000);
      store.refuseJobProof("batch-5-L1", "liar", 2_000);
      StoredJob job = store.job("batch-5-L1").orElseThrow();
      assertThat(job.state()).isEqualTo(StoredJob.LEASED);
      assertThat(job.worker()).contains("honest");
      assertThat(job.refused()).isEqualTo(1);
    }
  }

  @Test
  void anExpiredLeaseMakesTheJobOpenAgainAndIsCounted() {
    try (NodeStore store = NodeStore.open(dir)) {
      store.openJob("batch-3-L1", "batch-1", "L1", 1_000);
      store.leaseJob("batch-3-L1", "w1", 31_000, 1_000);
      assertThat(store.expireLease("batch-3-L1", 30_000)).isFalse();
      assertThat(store.expireLease("batch-3-L1", 31_000)).isTrue();
      StoredJob job = store.job("batch-3-L1").orElseThrow();
      assertThat(job.state()).isEqualTo(StoredJob.OPEN);
      assertThat(job.worker()).isEmpty();
      assertThat(job.expired()).isEqualTo(1);
      assertThat(store.leaseJob("batch-3-L1", "w2", 61_000, 31_000)).isTrue();
    }
  }

  @Test
  void aRefusedProofReopensTheJobAndIsCountedButADoneJobStaysDone() {
    try (NodeStore store = NodeStore.open(dir)) {
      store.openJob("batch-4-L1", "batch-1", "L1", 1_000);
      store.leaseJob("batch-4-L1", "liar", 31_000, 1_000);
      store.refuseJobProof("batch-4-L1", "liar", 2_000);
      assertThat(store.job("batch-4-L1").orElseThrow().refused()).isEqualTo(1);
      assertThat(store.jobsIn(StoredJob.OPEN)).extracting(StoredJob::id).contains("batch-4-L1");
      store.leaseJob("batch-4-L1", "honest", 32_000, 2_000);
      store.finishJob("batch-4-L1", "honest", 3_000);
      store.refuseJobProof("batch-4-L1", "liar", 4_000); // a late wrong answer: counted only
      StoredJob done = store.job("batch-4-L1").orElseThrow();
      assertThat(done.state()).isEqualTo(StoredJob.DONE);
      assertThat(done.worker()).contains("honest");
      assertThat(done.refused()).isEqualTo(2);
    }
  }
}
