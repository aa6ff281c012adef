package io.keystore.node.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.keystore.node.storage.BatchRecord;
import io.keystore.node.storage.BatchStatus;
import io.keystore.node.storage.NodeStore;
import io.keystore.node.storage.StoredJob;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which proofs the prover stage asks for, and how many at once: every due one from a prover that
 * hands them to workers, one at a time from one that proves in process. The prover here only
 * records what it is asked and proves nothing (a cluster prover with no worker yet answers the
 * same); the proofs themselves are made and checked in ProverWorkerTest and NodeAggregationTest.
 */
class ProverStageSchedulingTest {

  @TempDir Path dir;

  /** Records the jobs it is asked for, in order; makes no proof. */
  private static final class RecordingProver implements JobProver {
    final List<String> asked = new ArrayList<>();
    private final int concurrent;

    RecordingProver(int concurrent) {
      this.concurrent = concurrent;
    }

    @Override
    public Optional<Proven> prove(ProofJob job, ProofCheck check) {
      asked.add(job.id());
      return Optional.empty();
    }

    @Override
    public int concurrentJobs() {
      return concurrent;
    }
  }

  private static Bytes32 root(long i) {
    return Bytes32.leftPad(Bytes.ofUnsignedLong(i));
  }

  /** Batch {@code id} cut and applied, waiting for its proof. */
  private static void batched(NodeStore store, long id) {
    store.planBatch(id, id, id - 1, 1, List.of(), 1);
    store.recordBatch(
        new BatchRecord(
            id, BatchStatus.BATCHED, root(id - 1), root(id), id, id + 1, Bytes.EMPTY, Bytes.EMPTY),
        List.of(),
        2);
  }

  private ProverStage stage(NodeStore store, JobProver prover, AggregationPolicy policy) {
    return new ProverStage(
        store,
        name -> {
          throw new AssertionError("no circuit is needed to hand out a batch's job: " + name);
        },
        "batch-1",
        prover,
        policy,
        Bytes32.ZERO,
        Clock.systemUTC(),
        new BatchPace());
  }

  @Test
  void aProverForWorkersIsAskedForEveryWaitingBatchAtOnceAsLeaves() {
    try (NodeStore store = NodeStore.open(dir)) {
      for (long id = 1; id <= 3; id++) {
        batched(store, id);
      }
      RecordingProver workers = new RecordingProver(Integer.MAX_VALUE);
      assertThat(stage(store, workers, new AggregationPolicy(4)).tick()).isFalse();
      assertThat(workers.asked)
          .containsExactly("batch-1-AGGREGATION", "batch-2-AGGREGATION", "batch-3-AGGREGATION");
      for (String id : workers.asked) {
        assertThat(store.job(id)).map(StoredJob::state).contains(StoredJob.OPEN);
      }
    }
  }

  @Test
  void aProverInThisProcessIsAskedForOneProofAtATimeTheOldestFirst() {
    try (NodeStore store = NodeStore.open(dir)) {
      batched(store, 1);
      batched(store, 2);
      RecordingProver here = new RecordingProver(1);
      ProverStage stage = stage(store, here, new AggregationPolicy(4));
      stage.tick();
      stage.tick();
      assertThat(here.asked).containsExactly("batch-1-AGGREGATION", "batch-1-AGGREGATION");
      assertThat(store.job("batch-2-AGGREGATION")).isEmpty();
    }
  }

  @Test
  void aLoneBatchIsAskedForL1AndKeepsThatTargetWhenOthersFollow() {
    try (NodeStore store = NodeStore.open(dir)) {
      batched(store, 1);
      RecordingProver workers = new RecordingProver(Integer.MAX_VALUE);
      ProverStage stage = stage(store, workers, new AggregationPolicy(4));
      stage.tick();
      batched(store, 2);
      stage.tick();
      assertThat(workers.asked).containsExactly("batch-1-L1", "batch-1-L1", "batch-2-AGGREGATION");
    }
  }

  @Test
  void provenLeavesAreNotAggregatedWhileAnEarlierBatchWaitsForItsProof() {
    try (NodeStore store = NodeStore.open(dir)) {
      for (long id = 1; id <= 3; id++) {
        batched(store, id);
      }
      // workers proved batches 2 and 3 first; batch 1 is still out
      store.setLeafProof(2, Bytes.of(1), root(102), 3);
      store.setLeafProof(3, Bytes.of(1), root(103), 3);
      RecordingProver workers = new RecordingProver(Integer.MAX_VALUE);
      stage(store, workers, new AggregationPolicy(2)).tick();
      assertThat(store.unprovenAggregates()).isEmpty();
      assertThat(store.leavesWithoutAggregate()).hasSize(2);
      assertThat(workers.asked).containsExactly("batch-1-AGGREGATION");
    }
  }

  @Test
  void withAggregationOffEveryBatchIsAskedForL1() {
    try (NodeStore store = NodeStore.open(dir)) {
      batched(store, 1);
      batched(store, 2);
      RecordingProver workers = new RecordingProver(Integer.MAX_VALUE);
      stage(store, workers, AggregationPolicy.DIRECT).tick();
      assertThat(workers.asked).containsExactly("batch-1-L1", "batch-2-L1");
    }
  }
}
