package io.keystore.state.storage;

import static io.keystore.state.testing.Fixtures.DOMAIN;

import io.keystore.state.api.KeystoreState;
import java.nio.file.Path;

/**
 * The child process of {@link H2TreeStoreCrashTest}'s state test: commits whole {@link
 * KeystoreState} batches (tree and configurations) of the seeded {@link StateWorkload} in a loop
 * into the database in args[0] (seed args[1], transactions per batch args[2]), printing "batch
 * root" to stdout after each commit returns. Runs until killed.
 */
public final class H2StateCrashChild {

  private H2StateCrashChild() {}

  public static void main(String[] args) {
    Path dir = Path.of(args[0]);
    long seed = Long.parseLong(args[1]);
    int ops = Integer.parseInt(args[2]);
    H2StateStore store = H2StateStore.open(dir);
    KeystoreState state = new KeystoreState(store, DOMAIN);
    StateWorkload workload = new StateWorkload(seed);
    System.out.println("ready " + store.latestBatch() + " " + state.root().toHexString());
    System.out.flush();
    while (true) {
      workload.applyBatch(state, ops);
      System.out.println(store.latestBatch() + " " + state.root().toHexString());
      System.out.flush();
    }
  }
}
