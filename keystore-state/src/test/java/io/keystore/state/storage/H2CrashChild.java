package io.keystore.state.storage;

import io.keystore.state.tree.IndexedMerkleTree;
import java.nio.file.Path;

/**
 * The child process of {@link H2TreeStoreCrashTest}: commits batches of the seeded workload in a
 * loop into the database in args[0] (seed args[1], operations per batch args[2]), printing "batch
 * root" to stdout after each commit returns. Runs until killed.
 */
public final class H2CrashChild {

  private H2CrashChild() {}

  public static void main(String[] args) {
    Path dir = Path.of(args[0]);
    long seed = Long.parseLong(args[1]);
    int ops = Integer.parseInt(args[2]);
    H2TreeStore store = H2TreeStore.open(dir);
    IndexedMerkleTree tree = new IndexedMerkleTree(store);
    H2TestSupport.Workload workload = new H2TestSupport.Workload(seed);
    System.out.println("ready " + store.latestBatch() + " " + tree.root().toHexString());
    System.out.flush();
    while (true) {
      workload.applyBatch(tree, ops);
      System.out.println(store.latestBatch() + " " + tree.root().toHexString());
      System.out.flush();
    }
  }
}
