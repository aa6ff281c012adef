package io.keystore.node.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A root's batch is one index probe: the rows it reads do not grow with the number of batches. */
class BatchByRootQueryTest {

  private static final Pattern SCAN_COUNT = Pattern.compile("scanCount: (\\d+)");

  @TempDir Path dir;

  private static Bytes32 root(long i) {
    return Bytes32.leftPad(Bytes.ofUnsignedLong(i + 1));
  }

  @Test
  void theLookupUsesTheRootIndexAndReadsOneRowWithTenOrTenThousandBatches() throws Exception {
    NodeStore.open(dir).close();
    try (Connection c =
        DriverManager.getConnection("jdbc:h2:file:" + dir.toAbsolutePath().resolve("node"))) {
      insertBatches(c, 1, 10);
      String small = explainAnalyze(c, root(7));
      insertBatches(c, 11, 10_000);
      String large = explainAnalyze(c, root(7));
      String last = explainAnalyze(c, root(9_999));

      for (String plan : new String[] {small, large, last}) {
        assertThat(plan).contains("BATCHES_NEW_ROOT");
        assertThat(scanCount(plan))
            .isLessThanOrEqualTo(2); // the row found (+ H2's end-of-range read)
      }
      assertThat(scanCount(large)).isEqualTo(scanCount(small));
    }
    try (NodeStore store = NodeStore.open(dir)) {
      assertThat(store.latestBatchWithNewRoot(root(7)).orElseThrow().id()).isEqualTo(7);
      assertThat(store.latestBatchWithNewRoot(root(9_999)).orElseThrow().id()).isEqualTo(9_999);
      assertThat(store.latestBatchWithNewRoot(root(20_000))).isEmpty();
    }
  }

  @Test
  void theLatestOfTheBatchesWithARootIsFound() {
    try (NodeStore store = NodeStore.open(dir)) {
      for (long id = 1; id <= 3; id++) {
        store.planBatch(id, id, id - 1, 4, java.util.List.of(), 1);
        store.recordBatch(
            new BatchRecord(
                id,
                id == 1 ? BatchStatus.BATCHED : BatchStatus.EMPTY,
                root(0),
                root(1),
                1,
                1,
                Bytes.EMPTY,
                Bytes.EMPTY),
            java.util.List.of(),
            2);
      }
      assertThat(store.latestBatchWithNewRoot(root(1)).orElseThrow().id()).isEqualTo(3);
      assertThat(store.batchWithNewRoot(root(1)).orElseThrow().id()).isEqualTo(1);
    }
  }

  /** Batches {@code from}..{@code to}, batch i with new root {@code root(i)}. */
  private static void insertBatches(Connection c, long from, long to) throws SQLException {
    try (PreparedStatement p =
        c.prepareStatement(
            "INSERT INTO batches (id, status, batch_time, state_base, slots, new_root, created_at, updated_at)"
                + " VALUES (?, 'FINALISED', ?, ?, 4, ?, 0, 0)")) {
      for (long i = from; i <= to; i++) {
        p.setLong(1, i);
        p.setLong(2, i);
        p.setLong(3, i - 1);
        p.setBytes(4, root(i).toArrayUnsafe());
        p.addBatch();
      }
      p.executeBatch();
    }
  }

  private static String explainAnalyze(Connection c, Bytes32 root) throws SQLException {
    try (PreparedStatement p =
        c.prepareStatement("EXPLAIN ANALYZE " + NodeStore.LATEST_WITH_NEW_ROOT)) {
      p.setBytes(1, root.toArrayUnsafe());
      try (ResultSet rs = p.executeQuery()) {
        rs.next();
        return rs.getString(1);
      }
    }
  }

  private static int scanCount(String plan) {
    Matcher m = SCAN_COUNT.matcher(plan);
    assertThat(m.find()).as("scanCount in %s", plan).isTrue();
    return Integer.parseInt(m.group(1));
  }
}
