package io.keystore.state.tree;

import io.keystore.state.hash.Fr;
import io.keystore.state.hash.TreeHashing;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.apache.tuweni.bytes.Bytes32;

/** Helpers shared by the tree tests. */
final class TreeTestSupport {

  static final BigInteger KEY_LIMIT = BigInteger.ONE.shiftLeft(IndexedMerkleTree.KEY_BITS);

  private TreeTestSupport() {}

  static Bytes32 key(long k) {
    return Bytes32.leftPad(org.apache.tuweni.bytes.Bytes.ofUnsignedLong(k));
  }

  static Bytes32 key(BigInteger k) {
    return Bytes32.leftPad(org.apache.tuweni.bytes.Bytes.wrap(unsigned(k)));
  }

  static Bytes32 value(long v) {
    return Fr.of(v).toBytes();
  }

  static BigInteger toInteger(Bytes32 b) {
    return b.toUnsignedBigInteger();
  }

  private static byte[] unsigned(BigInteger k) {
    byte[] raw = k.toByteArray();
    if (raw.length > 1 && raw[0] == 0) {
      byte[] out = new byte[raw.length - 1];
      System.arraycopy(raw, 1, out, 0, out.length);
      return out;
    }
    return raw;
  }

  /**
   * The root computed the slow and obvious way, independently of the tree's incremental updates:
   * hash every leaf, then every level pairwise up to the root, empty slots as the empty subtree
   * roots.
   */
  static Bytes32 naiveRoot(List<Leaf> leaves) {
    List<Fr> level = new ArrayList<>();
    for (Leaf leaf : leaves) {
      level.add(
          TreeHashing.leafHash(
              Fr.fromBytes(leaf.key()), Fr.fromBytes(leaf.nextKey()), Fr.fromBytes(leaf.value())));
    }
    for (int h = 0; h < TreeHashing.DEPTH; h++) {
      Fr empty = TreeHashing.emptySubtreeRoot(h);
      List<Fr> above = new ArrayList<>();
      for (int i = 0; i < level.size(); i += 2) {
        Fr right = i + 1 < level.size() ? level.get(i + 1) : empty;
        above.add(TreeHashing.nodeHash(level.get(i), right));
      }
      if (above.isEmpty()) {
        above.add(TreeHashing.emptySubtreeRoot(h + 1));
      }
      level = above;
    }
    return level.get(0).toBytes();
  }

  /** A copy of {@code siblings} with the one at {@code height} replaced. */
  static List<Bytes32> withSibling(List<Bytes32> siblings, int height, Bytes32 replacement) {
    List<Bytes32> out = new ArrayList<>(siblings);
    out.set(height, replacement);
    return out;
  }
}
