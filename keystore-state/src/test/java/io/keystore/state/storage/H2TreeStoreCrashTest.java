package io.keystore.state.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.keystore.state.tree.IndexedMerkleTree;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.io.TempDir;

/** kill -9 of a process committing batches never loses a reported batch nor leaves half of one. */
class H2TreeStoreCrashTest {

  private static final long SEED = 0xc4a54L;
  private static final int OPS = 40;

  @TempDir Path dir;

  @RepeatedTest(3)
  void afterKillMinus9TheDatabaseHoldsTheLastReportedBatchOrTheNextOne() throws Exception {
    // This JVM's binary; java.home as the fallback (never the PATH's java, maybe an older one).
    String java =
        ProcessHandle.current()
            .info()
            .command()
            .orElseGet(() -> Path.of(System.getProperty("java.home"), "bin", "java").toString());
    Process child =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                H2CrashChild.class.getName(),
                dir.toString(),
                Long.toString(SEED),
                Integer.toString(OPS))
            .redirectError(dir.resolve("child.err").toFile())
            .start();
    List<String> lines = new ArrayList<>();
    Random random = new Random();
    int wanted = 3 + random.nextInt(15);
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while (lines.size() < 1 + wanted && (line = out.readLine()) != null) {
        lines.add(line);
      }
      Thread.sleep(random.nextInt(30)); // a random moment, most likely mid-batch
      // SIGKILL, through the handle: Process.destroyForcibly() would also close our end of the
      // pipe, and the lines printed just before the kill must still be read.
      boolean killed = child.toHandle().destroyForcibly();
      assertThat(killed)
          .as("the child was still running; its stderr: %s", Files.readString(dir.resolve("child.err")))
          .isTrue();
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
      while ((line = out.readLine()) != null) { // what was printed before the kill
        lines.add(line);
      }
    }
    assertThat(lines.get(0)).startsWith("ready 0 ");
    String[] last = lines.get(lines.size() - 1).split(" ");
    long lastBatch = last[0].equals("ready") ? Long.parseLong(last[1]) : Long.parseLong(last[0]);
    Bytes32 lastRoot = Bytes32.fromHexString(last[last.length - 1]);
    assertThat(lastBatch).isGreaterThanOrEqualTo(wanted);

    // The same workload in memory gives every root the child could have committed.
    IndexedMerkleTree reference = IndexedMerkleTree.inMemory();
    H2TestSupport.Workload work = new H2TestSupport.Workload(SEED);
    List<Bytes32> expected = new ArrayList<>();
    expected.add(reference.root());
    for (long b = 1; b <= lastBatch + 1; b++) {
      work.applyBatch(reference, OPS);
      expected.add(reference.root());
    }
    assertThat(expected.get((int) lastBatch)).isEqualTo(lastRoot);

    try (H2TreeStore store = H2TreeStore.open(dir)) {
      IndexedMerkleTree tree = new IndexedMerkleTree(store);
      long batch = store.latestBatch();
      assertThat(batch).isBetween(lastBatch, lastBatch + 1);
      assertThat(tree.root()).isEqualTo(expected.get((int) batch));
      assertThat(store.root()).isEqualTo(tree.root());
      assertThat(H2TestSupport.rootFromLeaves(tree.leaves())).isEqualTo(tree.root());
      assertThat(H2TestSupport.isSortedList(tree.leaves())).isTrue();
      for (long b = 0; b <= batch; b++) {
        assertThat(store.rootAt(b)).contains(expected.get((int) b));
      }
    }
  }
}
