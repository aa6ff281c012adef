package io.keystore.node.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import org.apache.tuweni.bytes.Bytes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A proof of an aggregate's tree, once stored, survives a SIGKILL of the process right after: the
 * node does not make it again (minutes of proving).
 */
class AggregateKillTest {

  @TempDir Path dir;

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
              new StoredAggregate.NodeProof(Bytes.of(7), AggregateStoreTest.root(200)));
      assertThat(store.aggregateMembers(1)).hasSize(2);
    }
  }

  /** The child: stores two leaves, an aggregate and one tree proof, says so, then waits. */
  public static final class Writer {
    public static void main(String[] args) throws Exception {
      NodeStore store = NodeStore.open(Path.of(args[0]));
      AggregateStoreTest.storeAggregateWithOneTreeProof(store, 2);
      System.out.println("stored");
      System.out.flush();
      Thread.sleep(60_000);
    }
  }
}
