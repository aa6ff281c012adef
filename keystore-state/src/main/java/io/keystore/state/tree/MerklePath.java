package io.keystore.state.tree;

import io.keystore.state.hash.Fr;
import io.keystore.state.hash.TreeHashing;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.bytes.MutableBytes32;

/** Checks and conversions of Merkle paths shared by proofs and witnesses. Package-private. */
final class MerklePath {

  private MerklePath() {}

  /** A leaf index must address one of the 2^DEPTH slots. */
  static long checkIndex(long index, String name) {
    if (index < 0 || index >= (1L << IndexedMerkleTree.DEPTH)) {
      throw new IllegalArgumentException(
          name + " out of range [0, 2^" + IndexedMerkleTree.DEPTH + "): " + index);
    }
    return index;
  }

  /** An immutable copy of exactly DEPTH canonical siblings. */
  static List<Bytes32> checkSiblings(List<Bytes32> siblings, String name) {
    Objects.requireNonNull(siblings, name);
    if (siblings.size() != IndexedMerkleTree.DEPTH) {
      throw new IllegalArgumentException(
          name + " must hold " + IndexedMerkleTree.DEPTH + " siblings, not " + siblings.size());
    }
    List<Bytes32> copy = new ArrayList<>(siblings.size());
    for (Bytes32 s : siblings) {
      copy.add(requireCanonical(s, name));
    }
    return List.copyOf(copy);
  }

  private static final byte[] MODULUS_BYTES = modulusBytes();

  private static byte[] modulusBytes() {
    byte[] raw = Fr.MODULUS.toByteArray(); // r < 2^254: no sign byte beyond 32
    byte[] out = new byte[32];
    System.arraycopy(raw, 0, out, 32 - raw.length, raw.length);
    return out;
  }

  /**
   * {@code x} if it encodes a canonical field element (below r), frozen if it was mutable.
   *
   * @throws IllegalArgumentException if it is not below r
   */
  static Bytes32 requireCanonical(Bytes32 x, String name) {
    Objects.requireNonNull(x, name);
    Bytes32 frozen = x instanceof MutableBytes32 ? x.copy() : x;
    if (Arrays.compareUnsigned(frozen.toArrayUnsafe(), MODULUS_BYTES) >= 0) {
      throw new IllegalArgumentException(
          name + " is not a canonical BN254 scalar field element (must be below r): " + x);
    }
    return frozen;
  }

  static List<Bytes32> toBytes(Fr[] siblings) {
    Bytes32[] out = new Bytes32[siblings.length];
    for (int i = 0; i < siblings.length; i++) {
      out[i] = siblings[i].toBytes();
    }
    return List.of(out);
  }

  static List<Fr> toFr(List<Bytes32> siblings) {
    List<Fr> out = new ArrayList<>(siblings.size());
    for (Bytes32 s : siblings) {
      out.add(Fr.fromBytes(s));
    }
    return out;
  }

  /** The root reached from a leaf hash at {@code index} through {@code siblings}. */
  static Fr root(Fr leafHash, long index, List<Fr> siblings) {
    return TreeHashing.rootFromPath(leafHash, index, siblings);
  }

  /** The index as a field element, 32 bytes big-endian. */
  static Bytes32 indexElement(long index) {
    return Fr.of(index).toBytes();
  }
}
