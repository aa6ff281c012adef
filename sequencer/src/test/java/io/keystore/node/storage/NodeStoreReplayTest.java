package io.keystore.node.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What H2 loses in a crash comes back from the journal. The loss is reproduced exactly: the
 * database file is copied (closed) and put back after more writes, with the journal as the crash
 * left it.
 */
class NodeStoreReplayTest {

  @TempDir Path dir;

  @Test
  void admittedTransactionsAPlannedBatchAndAnL1AttemptH2LostAreWrittenAgain() throws Exception {
    NodeStore.NewTx kept = tx(1);
    NodeStore.NewTx lost = tx(2);
    try (NodeStore store = NodeStore.open(dir)) {
      store.insertPendingAll(List.of(kept));
    }
    Path snapshot = Files.copy(dir.resolve("node.mv.db"), dir.resolve("snapshot.db"));
    Path journal = dir.resolve("journal.copy");
    try (NodeStore store = NodeStore.open(dir)) {
      store.insertPendingAll(List.of(lost));
      long keptSeq = store.tx(kept.hash()).orElseThrow().seq();
      long lostSeq = store.tx(lost.hash()).orElseThrow().seq();
      store.planBatch(1, 1_700_000_100L, 0, 4, List.of(keptSeq, lostSeq), 1_700_000_100L);
      store.setL1Attempt(1, 3, BigInteger.TEN, Bytes32.repeat((byte) 7), 1_700_000_101L);
      Files.copy(dir.resolve(NodeStore.JOURNAL), journal); // as a kill -9 would leave it
    }
    Files.copy(snapshot, dir.resolve("node.mv.db"), StandardCopyOption.REPLACE_EXISTING);
    Files.copy(journal, dir.resolve(NodeStore.JOURNAL), StandardCopyOption.REPLACE_EXISTING);

    try (NodeStore store = NodeStore.open(dir)) {
      assertThat(store.replayedFromJournal())
          .isEqualTo(3); // the lost transaction, the plan, the attempt
      StoredBatch batch = store.batch(1).orElseThrow();
      assertThat(batch.status()).isEqualTo(BatchStatus.PLANNED);
      assertThat(batch.l1Nonce()).contains(3L);
      assertThat(batch.l1TxHash()).contains(Bytes32.repeat((byte) 7));
      assertThat(store.txsOf(1))
          .extracting(StoredTx::hash)
          .containsExactly(kept.hash(), lost.hash());
    }
  }

  @Test
  void aCleanCloseEmptiesTheJournalAndNothingIsWrittenTwice() throws Exception {
    try (NodeStore store = NodeStore.open(dir)) {
      store.insertPendingAll(List.of(tx(1), tx(2)));
    }
    assertThat(Files.size(dir.resolve(NodeStore.JOURNAL))).isZero();
    try (NodeStore store = NodeStore.open(dir)) {
      assertThat(store.replayedFromJournal()).isZero();
      assertThat(store.countUnbatched()).isEqualTo(2);
    }
  }

  private static NodeStore.NewTx tx(int n) {
    return new NodeStore.NewTx(Bytes32.repeat((byte) n), 0, Bytes.of(n, n, n), 1_700_000_000L + n);
  }
}
