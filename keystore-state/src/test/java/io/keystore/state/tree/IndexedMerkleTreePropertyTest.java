package io.keystore.state.tree;

import static io.keystore.state.tree.TreeTestSupport.naiveRoot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Random sequences of operations, checked against a plain sorted map. Seeded: a failure replays
 * with the same seed.
 */
class IndexedMerkleTreePropertyTest {

  /** How often (in operations) the full invariants, with the root recomputed from scratch, run. */
  private static final int FULL_CHECK_EVERY = 250;

  @ParameterizedTest(name = "seed {0}, {1} ops, small key range {2}")
  @CsvSource({"1, 2500, 0", "2, 1500, 48", "3, 800, 6"})
  void randomInsertsAndUpdatesKeepTheSortedListTheRootAndEveryWitness(
      long seed, int operations, int smallRange) {
    Random random = new Random(seed);
    IndexedMerkleTree tree = IndexedMerkleTree.inMemory();
    Model model = new Model();
    Bytes32 root = tree.root();

    for (int op = 0; op < operations; op++) {
      TreeWitness witness = randomOperation(random, tree, model, smallRange);
      if (witness != null) {
        assertThat(witness.oldRoot()).as("op %d chains from the previous root", op).isEqualTo(root);
        assertThat(witness.newRoot())
            .as("op %d ends at the tree's root", op)
            .isEqualTo(tree.root());
        assertThat(witness.verify()).as("op %d witness %s", op, witness).isTrue();
        root = witness.newRoot();
      } else {
        assertThat(tree.root()).as("op %d refused: nothing written", op).isEqualTo(root);
      }
      if (random.nextInt(8) == 0) {
        checkRandomProof(random, tree, model, smallRange);
      }
      if ((op + 1) % FULL_CHECK_EVERY == 0) {
        checkInvariants(tree, model);
      }
    }
    checkInvariants(tree, model);
  }

  @ParameterizedTest(name = "seed {0}")
  @CsvSource({"11", "12"})
  void batchesCommitAllOrNothing(long seed) {
    Random random = new Random(seed);
    IndexedMerkleTree tree = IndexedMerkleTree.inMemory();
    Model model = new Model();

    for (int b = 0; b < 40; b++) {
      Model draft = model.copy();
      Bytes32 before = tree.root();
      boolean commit = random.nextBoolean();
      try (TreeBatch batch = tree.beginBatch()) {
        int size = 1 + random.nextInt(20);
        for (int i = 0; i < size; i++) {
          TreeWitness w = randomOperation(random, batch.tree(), draft, 40);
          if (w != null) {
            assertThat(w.verify()).isTrue();
          }
        }
        checkInvariants(batch.tree(), draft);
        if (commit) {
          batch.commit();
          model = draft;
        }
      }
      if (!commit) {
        assertThat(tree.root()).as("batch %d discarded", b).isEqualTo(before);
      }
      assertThat(tree.size()).isEqualTo(model.values.size() - 1L); // the sentinel is not counted
    }
    checkInvariants(tree, model);
  }

  // ---------------------------------------------------------------- operations

  /**
   * One random operation, applied to the tree and the model alike; returns its witness, or null
   * when the tree refused it (and the test checked the refusal was right).
   */
  private static TreeWitness randomOperation(
      Random random, IndexedMerkleTree tree, Model model, int smallRange) {
    int kind = random.nextInt(100);
    Bytes32 value = randomValue(random);
    if (kind < 40) { // insert a key, perhaps one already there
      Bytes32 key = randomKey(random, smallRange);
      if (model.values.containsKey(key)) {
        assertThatThrownBy(() -> tree.insert(key, value)).isInstanceOf(KeyExistsException.class);
        return null;
      }
      InsertWitness w = tree.insert(key, value);
      model.insert(key, value);
      assertThat(w.newLeafIndex()).isEqualTo(model.order.size() - 1L);
      return w;
    }
    if (kind < 85) { // update a present key
      if (model.order.size() == 1) {
        return null;
      }
      Bytes32 key = model.order.get(1 + random.nextInt(model.order.size() - 1));
      UpdateWitness w = tree.update(key, value);
      model.values.put(key, value);
      return w;
    }
    if (kind < 95) { // update a key, perhaps absent
      Bytes32 key = randomKey(random, smallRange);
      if (!model.values.containsKey(key)) {
        assertThatThrownBy(() -> tree.update(key, value)).isInstanceOf(KeyNotFoundException.class);
        return null;
      }
      UpdateWitness w = tree.update(key, value);
      model.values.put(key, value);
      return w;
    }
    // an invalid key
    Bytes32 bad =
        random.nextBoolean()
            ? Bytes32.ZERO
            : TreeTestSupport.key(
                TreeTestSupport.KEY_LIMIT.add(BigInteger.valueOf(random.nextInt(1000))));
    assertThatThrownBy(() -> tree.insert(bad, value)).isInstanceOf(InvalidKeyException.class);
    assertThatThrownBy(() -> tree.update(bad, value)).isInstanceOf(InvalidKeyException.class);
    return null;
  }

  private static void checkRandomProof(
      Random random, IndexedMerkleTree tree, Model model, int smallRange) {
    Bytes32 key = randomKey(random, smallRange);
    Bytes32 root = tree.root();
    if (model.values.containsKey(key)) {
      MembershipProof p = tree.membershipProof(key);
      assertThat(p.verify(root, key)).isTrue();
      assertThat(p.leaf().value()).isEqualTo(model.values.get(key));
    } else {
      NonMembershipProof p = tree.nonMembershipProof(key);
      assertThat(p.verify(root, key)).isTrue();
    }
  }

  // ---------------------------------------------------------------- invariants

  /**
   * The leaves form one sorted linked list from the sentinel through every key, each leaf as the
   * model says, and the root equals a recomputation from scratch.
   */
  private static void checkInvariants(IndexedMerkleTree tree, Model model) {
    List<Leaf> leaves = tree.leaves();
    assertThat(leaves).hasSize(model.order.size());
    // Leaves sit in insertion order, with the model's values.
    for (int i = 0; i < leaves.size(); i++) {
      Bytes32 key = model.order.get(i);
      assertThat(leaves.get(i).key()).isEqualTo(key);
      assertThat(leaves.get(i).value()).isEqualTo(model.values.get(key));
      assertThat(tree.indexOf(key)).hasValue(i);
    }
    // Walking nextKey from the sentinel visits every key once, in increasing order.
    Map<Bytes32, Leaf> byKey = new HashMap<>();
    leaves.forEach(l -> byKey.put(l.key(), l));
    List<Bytes32> walked = new ArrayList<>();
    Set<Bytes32> seen = new HashSet<>();
    Leaf current = leaves.get(0);
    assertThat(current.key()).isEqualTo(Bytes32.ZERO);
    while (!current.isLast()) {
      Bytes32 next = current.nextKey();
      assertThat(TreeStore.KEY_ORDER.compare(current.key(), next)).isNegative();
      assertThat(seen.add(next)).as("no cycle").isTrue();
      walked.add(next);
      current = byKey.get(next);
      assertThat(current).as("nextKey %s is a leaf", next).isNotNull();
    }
    assertThat(walked).containsExactlyElementsOf(model.sortedKeys());
    // The root, recomputed naively.
    assertThat(tree.root()).isEqualTo(naiveRoot(leaves));
  }

  // ---------------------------------------------------------------- model and generators

  /** The expected state: values by key, and keys in insertion order (the sentinel first). */
  private static final class Model {
    final Map<Bytes32, Bytes32> values = new HashMap<>();
    final List<Bytes32> order = new ArrayList<>(List.of(Bytes32.ZERO));

    Model() {
      values.put(Bytes32.ZERO, Bytes32.ZERO);
    }

    void insert(Bytes32 key, Bytes32 value) {
      values.put(key, value);
      order.add(key);
    }

    List<Bytes32> sortedKeys() {
      TreeMap<BigInteger, Bytes32> sorted = new TreeMap<>();
      for (Bytes32 k : order.subList(1, order.size())) {
        sorted.put(k.toUnsignedBigInteger(), k);
      }
      return new ArrayList<>(sorted.values());
    }

    Model copy() {
      Model m = new Model();
      m.values.putAll(values);
      m.order.clear();
      m.order.addAll(order);
      return m;
    }
  }

  /**
   * Half the time a key in [1, smallRange] (when set) to force collisions, else a random address.
   */
  private static Bytes32 randomKey(Random random, int smallRange) {
    if (smallRange > 0 && random.nextBoolean()) {
      return TreeTestSupport.key(1 + random.nextInt(smallRange));
    }
    byte[] b = new byte[32];
    byte[] address = new byte[20];
    random.nextBytes(address);
    // Sometimes only the low bytes, sometimes only the high bytes of the 160: both orders matter.
    switch (random.nextInt(3)) {
      case 0 -> System.arraycopy(address, 0, b, 12, 20);
      case 1 -> System.arraycopy(address, 0, b, 12, 3);
      default -> System.arraycopy(address, 0, b, 29, 3);
    }
    if (Bytes32.wrap(b).isZero()) {
      b[31] = 1;
    }
    return Bytes32.wrap(b);
  }

  private static Bytes32 randomValue(Random random) {
    return switch (random.nextInt(4)) {
      case 0 -> Bytes32.ZERO;
      case 1 -> TreeTestSupport.value(random.nextInt(10));
      default -> {
        byte[] b = new byte[32];
        random.nextBytes(b);
        b[0] &= 0x1f; // below 2^253 < r
        yield Bytes32.wrap(b);
      }
    };
  }
}
