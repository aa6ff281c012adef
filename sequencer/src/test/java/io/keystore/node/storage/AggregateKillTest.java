package io.keystore.node.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A proof of an aggregate's tree, once stored, survives a SIGKILL of the process right after: the
 * node does not make it again (minutes of proving).
 */
class AggregateKillTest {

  @TempDir Path dir;

  private static Bytes32 root(long i) {
    return Bytes32.leftPad(Bytes.ofUnsignedLong(i));
  }

  @Test
  void aStoredTreeProofSurvivesAKillRightAfter() throws Exception {
    Process child =
        new ProcessBuilder(
                ProcessHandle.current().info().command().orElse("java"),
                "-cp",
                System.getProperty("java.class.path"),
                Writer.class.getName(),
                dir.toString())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream()))) {
      assertThat(out.readLine()).isEqualTo("stored");
      child.destroyForcibly().waitFor(); // SIGKILL
    }
    try (NodeStore store = NodeStore.open(dir)) {
      assertThat(store.aggregateNodes(1))
          .containsEntry(
              new StoredAggregate.Position(1, 0),
              new StoredAggregate.NodeProof(Bytes.of(7), root(200)));
      assertThat(store.aggregateMembers(1)).hasSize(2);
    }
  }

  /** The child: stores two leaves, an aggregate and one tree proof, says so, then waits. */
  public static final class Writer {
    public static void main(String[] args) throws Exception {
      NodeStore store = NodeStore.open(Path.of(args[0]));
      for (long id = 1; id <= 2; id++) {
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
        store.setLeafProof(id, Bytes.of(1), root(100 + id), 3);
      }
      store.createAggregate(1, 2, 4);
      store.putAggregateNode(
          1,
          new StoredAggregate.Position(1, 0),
          new StoredAggregate.NodeProof(Bytes.of(7), root(200)),
          5);
      System.out.println("stored");
      System.out.flush();
      Thread.sleep(60_000);
    }
  }
}
