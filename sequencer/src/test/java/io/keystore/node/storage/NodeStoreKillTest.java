package io.keystore.node.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A child JVM admits transactions through {@link NodeStore#insertPendingAll} as fast as it can and
 * prints each hash once the call returned (the node acknowledges then); it is killed with SIGKILL
 * at random moments. Each reopened store holds every printed hash. The H2 database alone does not:
 * the store reports how many entries it wrote again from its journal, and over these runs H2
 * typically lost some.
 */
class NodeStoreKillTest {

  private static final int RUNS = 8;

  @TempDir Path dir;

  @Test
  void everyAcknowledgedTransactionSurvivesKillNine() throws Exception {
    Random random = new Random();
    Set<String> acknowledged = new HashSet<>();
    int replayed = 0;
    for (int run = 0; run < RUNS; run++) {
      Process child = startChild();
      List<String> printed = readFor(child, 800 + random.nextInt(2500));
      child.destroyForcibly().waitFor(); // SIGKILL
      acknowledged.addAll(printed);
      try (NodeStore store = NodeStore.open(dir)) {
        replayed += store.replayedFromJournal();
        for (String hash : acknowledged) {
          assertThat(store.copies(Bytes32.fromHexString(hash)).known())
              .as("acknowledged %s after kill %d", hash, run)
              .isTrue();
        }
      }
    }
    assertThat(acknowledged).hasSizeGreaterThan(RUNS);
    System.out.printf(
        "NodeStoreKillTest: %d acknowledged, %d journal entries H2 had lost%n",
        acknowledged.size(), replayed);
  }

  private Process startChild() throws IOException {
    String java =
        ProcessHandle.current()
            .info()
            .command()
            .orElseGet(() -> Path.of(System.getProperty("java.home"), "bin", "java").toString());
    return new ProcessBuilder(
            java,
            "-cp",
            System.getProperty("java.class.path"),
            Child.class.getName(),
            dir.toString())
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
  }

  /** The hashes the child printed within {@code millis} (a line is printed after its commit). */
  private static List<String> readFor(Process child, long millis) throws IOException {
    List<String> out = new ArrayList<>();
    long deadline = System.currentTimeMillis() + millis;
    BufferedReader reader = new BufferedReader(new InputStreamReader(child.getInputStream()));
    String line;
    while (System.currentTimeMillis() < deadline && (line = reader.readLine()) != null) {
      if (line.startsWith("0x")) {
        out.add(line.trim());
      }
    }
    return out;
  }

  /** Admits groups of random transactions into the store, printing each hash once stored. */
  public static final class Child {
    public static void main(String[] args) {
      SecureRandom random = new SecureRandom();
      NodeStore store = NodeStore.open(Path.of(args[0]));
      while (true) {
        List<NodeStore.NewTx> group = new ArrayList<>();
        for (int i = 0; i < 1 + random.nextInt(20); i++) {
          group.add(
              new NodeStore.NewTx(
                  Bytes32.random(random),
                  0,
                  Bytes.random(200 + random.nextInt(1500), random),
                  System.currentTimeMillis() / 1000));
        }
        store.insertPendingAll(group);
        StringBuilder lines = new StringBuilder();
        group.forEach(t -> lines.append(t.hash().toHexString()).append('\n'));
        System.out.print(lines);
        System.out.flush();
      }
    }
  }
}
