package io.keystore.state.bench;

import io.keystore.state.storage.H2TreeStore;
import io.keystore.state.tree.IndexedMerkleTree;
import io.keystore.state.tree.TreeBatch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;

/**
 * Measures updates of the indexed Merkle tree committed to H2 ({@link H2TreeStore}) on one thread,
 * in a temporary directory, and prints one JSON line to stdout:
 *
 * <pre>
 * {"metric": "imt_updates_per_s_h2", "value": N, "unit": "updates/s"}
 * </pre>
 *
 * <p>First inserts the accounts (10,000 by default) in batches of 100, then for a few seconds
 * updates random existing accounts in batches of 100, each batch one committed transaction (with
 * its root row and node history); the time counts whole batches, commits included. Progress goes to
 * stderr only. Optional arguments: accounts, seconds.
 */
public final class H2TreeBenchmark {

  private static final int BATCH = 100;

  private H2TreeBenchmark() {}

  public static void main(String[] args) throws IOException {
    int accounts = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 5.0;
    Path dir = Files.createTempDirectory("imt-h2-bench");
    try {
      run(dir, accounts, seconds);
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  private static void run(Path dir, int accounts, double seconds) {
    Random random = new Random(0x5eed);
    List<Bytes32> keys = new ArrayList<>();
    try (H2TreeStore store = H2TreeStore.open(dir)) {
      IndexedMerkleTree tree = new IndexedMerkleTree(store);
      long t0 = System.nanoTime();
      while (keys.size() < accounts) {
        try (TreeBatch batch = tree.beginBatch()) {
          for (int i = 0; i < BATCH && keys.size() < accounts; i++) {
            Bytes32 key = randomKey(random);
            if (!batch.tree().contains(key)) {
              batch.tree().insert(key, randomValue(random));
              keys.add(key);
            }
          }
          batch.commit();
        }
      }
      System.err.printf(
          Locale.ROOT,
          "inserted %d accounts in %.1f s%n",
          accounts,
          (System.nanoTime() - t0) / 1e9);

      long updates = 0;
      long start = System.nanoTime();
      long deadline = start + (long) (seconds * 1e9);
      while (System.nanoTime() < deadline) {
        try (TreeBatch batch = tree.beginBatch()) {
          for (int i = 0; i < BATCH; i++) {
            batch.tree().update(keys.get(random.nextInt(keys.size())), randomValue(random));
          }
          batch.commit();
        }
        updates += BATCH;
      }
      double elapsed = (System.nanoTime() - start) / 1e9;
      System.err.printf(
          Locale.ROOT,
          "%d updates in %d batches, %.2f s; last batch %d%n",
          updates,
          updates / BATCH,
          elapsed,
          store.latestBatch());
      System.out.printf(
          Locale.ROOT,
          "{\"metric\": \"imt_updates_per_s_h2\", \"value\": %.0f, \"unit\": \"updates/s\"}%n",
          updates / elapsed);
    }
  }

  private static Bytes32 randomKey(Random random) {
    byte[] b = new byte[20];
    random.nextBytes(b);
    b[0] |= 1;
    return Bytes32.leftPad(Bytes.wrap(b));
  }

  private static Bytes32 randomValue(Random random) {
    byte[] b = new byte[31];
    random.nextBytes(b);
    return Bytes32.leftPad(Bytes.wrap(b));
  }
}
