package io.keystore.node.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Aggregates, their leaves and their tree's proofs are kept across a reopening of the store. */
class AggregateStoreTest {

  @TempDir Path dir;

  static Bytes32 root(long i) {
    return Bytes32.leftPad(Bytes.ofUnsignedLong(i));
  }

  /**
   * Batches 1..{@code leaves} proven as leaves (input {@code root(100 + id)}), aggregated, and the
   * tree's first proof (level 1, position 0: proof {@code 0x07}, input {@code root(200)}).
   */
  static void storeAggregateWithOneTreeProof(NodeStore store, int leaves) {
    for (long id = 1; id <= leaves; id++) {
      store.planBatch(id, id, id - 1, 1, List.of(), 1);
      store.recordBatch(
          new BatchRecord(
              id,
              BatchStatus.BATCHED,
              root(id - 1),
              root(id),
              id,
              id + 1,
              Bytes.EMPTY,
              Bytes.EMPTY),
          List.of(),
          2);
      store.setLeafProof(id, Bytes.of(1, 2, 3), root(100 + id), 3);
    }
    store.createAggregate(1, leaves, 4);
    store.putAggregateNode(
        1,
        new StoredAggregate.Position(1, 0),
        new StoredAggregate.NodeProof(Bytes.of(7), root(200)),
        5);
  }

  @Test
  void anAggregateAndItsTreeProofsSurviveReopening() {
    try (NodeStore store = NodeStore.open(dir)) {
      storeAggregateWithOneTreeProof(store, 3);
    }
    try (NodeStore store = NodeStore.open(dir)) {
      assertThat(store.unprovenAggregates()).extracting(StoredAggregate::id).containsExactly(1L);
      assertThat(store.aggregateMembers(1)).extracting(StoredBatch::id).containsExactly(1L, 2L, 3L);
      assertThat(store.aggregateMembers(1).getFirst().leafInput()).contains(root(101));
      assertThat(store.leavesWithoutAggregate()).isEmpty();
      assertThat(store.aggregateNodes(1))
          .containsEntry(
              new StoredAggregate.Position(1, 0),
              new StoredAggregate.NodeProof(Bytes.of(7), root(200)));
      store.setAggregateProof(1, Bytes.of(9), 6);
    }
    try (NodeStore store = NodeStore.open(dir)) {
      assertThat(store.unprovenAggregates()).isEmpty();
      assertThat(store.aggregate(1).orElseThrow().proof()).contains(Bytes.of(9));
      assertThat(store.batchesIn(BatchStatus.PROVEN)).hasSize(3);
    }
  }
}
