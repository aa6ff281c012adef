package io.keystore.node.core;

import static io.keystore.node.core.MempoolTest.raw;
import static org.assertj.core.api.Assertions.assertThat;

import io.keystore.node.storage.BatchRecord;
import io.keystore.node.storage.BatchStatus;
import io.keystore.node.storage.NodeStore;
import io.keystore.node.storage.StoredJob;
import io.keystore.state.tx.Transaction;
import io.keystore.state.tx.TxCodec;
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

  /** Records the jobs it is asked for, in order, and their circuits; makes no proof. */
  private static final class RecordingProver implements JobProver {
    final List<String> asked = new ArrayList<>();
    final List<String> circuits = new ArrayList<>();
    private final int concurrent;

    RecordingProver(int concurrent) {
      this.concurrent = concurrent;
    }

    @Override
    public Optional<Proven> prove(ProofJob job, ProofCheck check) {
      asked.add(job.id());
      circuits.add(job.circuit());
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
    batched(store, id, 1);
  }

  /** Batch {@code id} of {@code slots} slots cut with {@code txs} and applied. */
  private static void batched(NodeStore store, long id, int slots, Transaction... txs) {
    List<Long> seqs = new ArrayList<>();
    for (Transaction tx : txs) {
      store.insertPendingAll(List.of(new NodeStore.NewTx(TxCodec.hash(tx), 0, raw(tx), 1)));
      seqs.add(store.tx(TxCodec.hash(tx)).orElseThrow().seq());
    }
    store.planBatch(id, id, id - 1, slots, seqs, 1);
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

  /**
   * Each batch's job names the circuit of its size and signer scheme (docs/spec/proof.md §9): a
   * batch of secp256k1 transactions (or none signed) the node's size, a passkey batch the one-slot
   * circuit of its scheme.
   */
  @Test
  void eachBatchIsProvenWithTheCircuitOfItsSchemeAndSize() {
    try (NodeStore store = NodeStore.open(dir)) {
      batched(store, 1, 4, SchemeTransactions.secp256k1("a"), SchemeTransactions.finalise("b"));
      batched(store, 2, 1, SchemeTransactions.webauthn("c"));
      batched(store, 3, 1, SchemeTransactions.p256("d"));
      batched(store, 4, 16, SchemeTransactions.finalise("e"));
      batched(store, 5, 1);
      RecordingProver workers = new RecordingProver(Integer.MAX_VALUE);
      stage(store, workers, AggregationPolicy.DIRECT).tick();
      assertThat(workers.asked)
          .containsExactly("batch-1-L1", "batch-2-L1", "batch-3-L1", "batch-4-L1", "batch-5-L1");
      assertThat(workers.circuits)
          .containsExactly("batch-4", "batch-1-webauthn", "batch-1-p256", "batch-16", "batch-1");
      for (String id : workers.asked) {
        assertThat(store.job(id).map(StoredJob::circuit))
            .contains(workers.circuits.get(workers.asked.indexOf(id)));
      }
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
