package io.keystore.state.storage;

import io.keystore.state.hash.Fr;
import io.keystore.state.hash.TreeHashing;
import io.keystore.state.tree.IndexedMerkleTree;
import io.keystore.state.tree.Leaf;
import io.keystore.state.tree.TreeBatch;
import io.keystore.state.tree.TreeStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;

/** A seeded workload of batches, the same in the test JVM and in the crash child. */
final class H2TestSupport {

  private H2TestSupport() {}

  /** A workload: a random source and the keys inserted so far. */
  static final class Workload {
    final Random random;
    final List<Bytes32> keys = new ArrayList<>();

    Workload(long seed) {
      random = new Random(seed);
    }

    /** One batch of {@code ops} random inserts (new keys) and updates (existing keys). */
    void applyBatch(IndexedMerkleTree tree, int ops) {
      try (TreeBatch batch = tree.beginBatch()) {
        for (int i = 0; i < ops; i++) {
          if (keys.isEmpty() || random.nextInt(3) == 0) {
            Bytes32 key = randomKey();
            if (!batch.tree().contains(key)) {
              batch.tree().insert(key, randomValue());
              keys.add(key);
            }
          } else {
            batch.tree().update(keys.get(random.nextInt(keys.size())), randomValue());
          }
        }
        batch.commit();
      }
    }

    Bytes32 randomKey() {
      byte[] b = new byte[20];
      random.nextBytes(b);
      b[0] |= 1; // nonzero; and often above 0x7f, to check unsigned ordering
      return Bytes32.leftPad(Bytes.wrap(b));
    }

    Bytes32 randomValue() {
      byte[] b = new byte[31];
      random.nextBytes(b);
      return Bytes32.leftPad(Bytes.wrap(b));
    }
  }

  /** The root computed from scratch from the leaves, level by level. */
  static Bytes32 rootFromLeaves(List<Leaf> leaves) {
    List<Fr> level = new ArrayList<>();
    for (Leaf leaf : leaves) {
      level.add(leaf.hashElement());
    }
    for (int h = 0; h < IndexedMerkleTree.DEPTH; h++) {
      List<Fr> up = new ArrayList<>();
      Fr empty = TreeHashing.emptySubtreeRoot(h);
      for (int i = 0; i < level.size(); i += 2) {
        Fr right = i + 1 < level.size() ? level.get(i + 1) : empty;
        up.add(TreeHashing.nodeHash(level.get(i), right));
      }
      level = up;
    }
    return level.get(0).toBytes();
  }

  /** The leaves form one sorted linked list from the sentinel. */
  static boolean isSortedList(List<Leaf> leaves) {
    List<Leaf> sorted = new ArrayList<>(leaves);
    sorted.sort((a, b) -> TreeStore.KEY_ORDER.compare(a.key(), b.key()));
    if (!leaves.get(0).key().isZero() || !sorted.get(0).key().isZero()) {
      return false;
    }
    for (int i = 0; i < sorted.size(); i++) {
      Bytes32 expectedNext = i + 1 < sorted.size() ? sorted.get(i + 1).key() : Bytes32.ZERO;
      if (!sorted.get(i).nextKey().equals(expectedNext)) {
        return false;
      }
      if (i > 0 && TreeStore.KEY_ORDER.compare(sorted.get(i - 1).key(), sorted.get(i).key()) >= 0) {
        return false;
      }
    }
    return true;
  }
}
