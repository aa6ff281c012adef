package io.keystore.state.storage;

import static io.keystore.state.testing.Fixtures.DOMAIN;
import static org.assertj.core.api.Assertions.assertThat;

import io.keystore.state.api.KeystoreState;
import io.keystore.state.tree.IndexedMerkleTree;
import io.keystore.state.tree.MemoryTreeStore;
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

/**
 * kill -9 of a process committing batches never loses a reported batch nor leaves half of one: a
 * tree store's batches, and a keystore state's batches (tree and configurations in one
 * transaction).
 */
class H2TreeStoreCrashTest {

  private static final long SEED = 0xc4a54L;
  private static final int OPS = 40;
  private static final long STATE_SEED = 0x57a7eL;
  private static final int STATE_OPS = 8;

  @TempDir Path dir;

  /** What a child printed before it was killed: the last batch and root it reported. */
  record Reported(long batch, Bytes32 root, int wanted) {}

  /**
   * Starts {@code child} on the database, lets it report 3 to 17 commits, kills it with SIGKILL a
   * random moment later (most likely mid-batch), and returns the last commit it reported.
   */
  private Reported runAndKill(Class<?> child, long seed, int ops) throws Exception {
    // This JVM's binary; java.home as the fallback (never the PATH's java, maybe an older one).
    String java =
        ProcessHandle.current()
            .info()
            .command()
            .orElseGet(() -> Path.of(System.getProperty("java.home"), "bin", "java").toString());
    Process process =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                child.getName(),
                dir.toString(),
                Long.toString(seed),
                Integer.toString(ops))
            .redirectError(dir.resolve("child.err").toFile())
            .start();
    List<String> lines = new ArrayList<>();
    Random random = new Random();
    int wanted = 3 + random.nextInt(15);
    try (BufferedReader out =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while (lines.size() < 1 + wanted && (line = out.readLine()) != null) {
        lines.add(line);
      }
      Thread.sleep(random.nextInt(30)); // a random moment, most likely mid-batch
      // SIGKILL, through the handle: Process.destroyForcibly() would also close our end of the
      // pipe, and the lines printed just before the kill must still be read.
      boolean killed = process.toHandle().destroyForcibly();
      assertThat(killed)
          .as(
              "the child was still running; its stderr: %s",
              Files.readString(dir.resolve("child.err")))
          .isTrue();
      assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
      while ((line = out.readLine()) != null) { // what was printed before the kill
        lines.add(line);
      }
    }
    assertThat(lines)
        .as("child stderr: %s", Files.readString(dir.resolve("child.err")))
        .isNotEmpty();
    assertThat(lines.get(0)).startsWith("ready 0 ");
    String[] last = lines.get(lines.size() - 1).split(" ");
    long lastBatch = last[0].equals("ready") ? Long.parseLong(last[1]) : Long.parseLong(last[0]);
    Bytes32 lastRoot = Bytes32.fromHexString(last[last.length - 1]);
    return new Reported(lastBatch, lastRoot, wanted);
  }

  @RepeatedTest(3)
  void afterKillMinus9TheDatabaseHoldsTheLastReportedBatchOrTheNextOne() throws Exception {
    Reported reported = runAndKill(H2CrashChild.class, SEED, OPS);
    long lastBatch = reported.batch();
    Bytes32 lastRoot = reported.root();
    assertThat(lastBatch).isGreaterThanOrEqualTo(reported.wanted());

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

  @RepeatedTest(3)
  void afterKillMinus9OfAKeystoreStateTheTreeAndTheConfigurationsHoldTheSameWholeBatch()
      throws Exception {
    Reported reported = runAndKill(H2StateCrashChild.class, STATE_SEED, STATE_OPS);
    assertThat(reported.batch()).isGreaterThanOrEqualTo(reported.wanted());

    try (H2StateStore store = H2StateStore.open(dir)) {
      long batch = store.latestBatch();
      assertThat(batch).isBetween(reported.batch(), reported.batch() + 1);

      // Every leaf's value is the hash of its account's stored configuration, and every stored
      // configuration has its leaf: the configurations are exactly those of the root.
      H2StateStoreTest.assertConfigsMatchTheLeaves(store);
      IndexedMerkleTree tree = new IndexedMerkleTree(store.tree());
      assertThat(H2TestSupport.rootFromLeaves(tree.leaves())).isEqualTo(tree.root());
      assertThat(H2TestSupport.isSortedList(tree.leaves())).isTrue();

      // The same workload on a never-closed memory state: the batch is whole (its root and every
      // configuration as the reference has them after that batch), and every earlier root listed.
      KeystoreState reference = new KeystoreState(new MemoryTreeStore(), DOMAIN);
      StateWorkload work = new StateWorkload(STATE_SEED);
      List<Bytes32> expected = new ArrayList<>();
      expected.add(reference.root());
      for (long b = 1; b <= batch; b++) {
        work.applyBatch(reference, STATE_OPS);
        expected.add(reference.root());
      }
      assertThat(expected.get((int) reported.batch())).isEqualTo(reported.root());
      assertThat(store.root()).isEqualTo(expected.get((int) batch));
      for (long b = 0; b <= batch; b++) {
        assertThat(store.rootAt(b)).contains(expected.get((int) b));
      }
      KeystoreState reopened = new KeystoreState(store, DOMAIN);
      assertThat(reopened.root()).isEqualTo(reference.root());
      assertThat(reopened.size()).isEqualTo(reference.size());
      for (var account : work.addresses()) {
        assertThat(reopened.account(account)).isEqualTo(reference.account(account));
      }

      // And the next batch applies on the reopened state exactly as on the reference.
      var txs = work.nextBatch(STATE_OPS);
      var fromDisk = reopened.applyBatch(txs, StateWorkload.time(batch + 1));
      var fromMemory = reference.applyBatch(txs, StateWorkload.time(batch + 1));
      assertThat(fromDisk.newRoot()).isEqualTo(fromMemory.newRoot());
      assertThat(fromDisk.witnesses()).isEqualTo(fromMemory.witnesses());
      assertThat(store.latestBatch()).isEqualTo(batch + 1);
    }
  }
}
