package io.keystore.state.hash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keystore.state.hash.Poseidon2Vectors.Leaf;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.Test;

class TreeHashingTest {

  private static final Poseidon2Vectors VECTORS = Poseidon2Vectors.load();

  @Test
  void leafHashMatchesEveryVector() {
    assertThat(VECTORS.leaf()).isNotEmpty();
    for (Leaf v : VECTORS.leaf()) {
      assertThat(TreeHashing.leafHash(v.key(), v.nextKey(), v.value()))
          .as("%s", v)
          .isEqualTo(v.hash());
    }
  }

  @Test
  void leafHashChainsCompressionsFromTheLeafDomain() {
    Fr key = Fr.of(3);
    Fr next = Fr.of(9);
    Fr value = Fr.of(27);
    Fr expected =
        Poseidon2.compress(Poseidon2.compress(Poseidon2.compress(Fr.ONE, key), next), value);
    assertThat(TreeHashing.leafHash(key, next, value)).isEqualTo(expected);
  }

  @Test
  void emptySubtreeRootsMatchTheVectors() {
    List<Bytes32> roots = TreeHashing.emptySubtreeRoots().stream().map(Fr::toBytes).toList();
    assertThat(roots).hasSize(TreeHashing.DEPTH + 1).isEqualTo(VECTORS.emptySubtreeRoots());
    assertThat(TreeHashing.emptySubtreeRoot(0)).isEqualTo(Fr.ZERO);
  }

  @Test
  void genesisRootMatchesTheVector() {
    assertThat(TreeHashing.genesisRoot().toBytes()).isEqualTo(VECTORS.genesisRoot());
  }

  @Test
  void rootFromPathMatchesAFullyBuiltSmallTree() {
    int depth = 3;
    List<Fr> leaves = new ArrayList<>();
    for (int i = 0; i < (1 << depth); i++) {
      leaves.add(TreeHashing.leafHash(Fr.of(i), Fr.of(i + 1), Fr.of(100 + i)));
    }
    List<List<Fr>> levels = new ArrayList<>();
    levels.add(leaves);
    for (int h = 0; h < depth; h++) {
      List<Fr> below = levels.get(h);
      List<Fr> above = new ArrayList<>();
      for (int i = 0; i < below.size(); i += 2) {
        above.add(TreeHashing.nodeHash(below.get(i), below.get(i + 1)));
      }
      levels.add(above);
    }
    Fr root = levels.get(depth).get(0);

    for (int index = 0; index < leaves.size(); index++) {
      List<Fr> siblings = new ArrayList<>();
      for (int h = 0; h < depth; h++) {
        siblings.add(levels.get(h).get((index >> h) ^ 1));
      }
      assertThat(TreeHashing.rootFromPath(leaves.get(index), index, siblings))
          .as("index %d", index)
          .isEqualTo(root);
      List<Bytes32> encoded = siblings.stream().map(Fr::toBytes).toList();
      assertThat(TreeHashing.rootFromPath(leaves.get(index).toBytes(), index, encoded))
          .isEqualTo(root.toBytes());
    }
  }

  @Test
  void emptyLeafAnywhereUnderEmptySiblingsGivesTheEmptyRoot() {
    List<Fr> siblings = TreeHashing.emptySubtreeRoots().subList(0, TreeHashing.DEPTH);
    Fr emptyRoot = TreeHashing.emptySubtreeRoot(TreeHashing.DEPTH);
    for (long index : new long[] {0, 1, 12345, (1L << 32) - 1}) {
      assertThat(TreeHashing.rootFromPath(Fr.ZERO, index, siblings)).isEqualTo(emptyRoot);
    }
  }

  @Test
  void genesisRootIsTheZeroLeafAtIndexZero() {
    Fr leaf = TreeHashing.leafHash(Fr.ZERO, Fr.ZERO, Fr.ZERO);
    List<Fr> siblings = TreeHashing.emptySubtreeRoots().subList(0, TreeHashing.DEPTH);
    assertThat(TreeHashing.rootFromPath(leaf, 0, siblings)).isEqualTo(TreeHashing.genesisRoot());
    assertThat(TreeHashing.rootFromPath(leaf, 1, siblings)).isNotEqualTo(TreeHashing.genesisRoot());
  }

  @Test
  void rootFromPathRejectsAnIndexOutsideTheTree() {
    List<Fr> siblings = Collections.nCopies(4, Fr.ZERO);
    assertThatThrownBy(() -> TreeHashing.rootFromPath(Fr.ZERO, 16, siblings))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TreeHashing.rootFromPath(Fr.ZERO, -1, siblings))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void encodedEntryPointsRejectNonCanonicalInputs() {
    Bytes32 bad = Bytes32.repeat((byte) 0xff);
    assertThatThrownBy(() -> TreeHashing.leafHash(bad, Bytes32.ZERO, Bytes32.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TreeHashing.nodeHash(Bytes32.ZERO, bad))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
