package io.keystore.state.tree;

import io.keystore.state.hash.Fr;
import io.keystore.state.hash.TreeHashing;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.tuweni.bytes.Bytes32;

/**
 * The keystore's state tree: an indexed Merkle tree of depth {@value #DEPTH} over Poseidon2
 * (docs/spec/hashing.md, section 4), a sorted linked list of (key, nextKey, value) leaves.
 *
 * <p>Keys are account addresses as field elements: nonzero and below 2^{@value #KEY_BITS} ({@link
 * #isValidKey}). Values are any field elements. Every key, value and root crosses this API as 32
 * bytes big-endian; inside, hashes stay field elements ({@link Fr}).
 *
 * <ul>
 *   <li>A new tree holds the sentinel (0, 0, 0) at index 0; its root is {@link
 *       TreeHashing#genesisRoot()}.
 *   <li>{@link #insert} appends a new key's leaf at the next free index and points its low leaf at
 *       it; {@link #update} changes an existing key's value. Each returns the exact circuit witness
 *       (docs/spec/witness.md). An operation that throws has written nothing.
 *   <li>{@link #membershipProof} and {@link #nonMembershipProof} prove a key's presence or absence;
 *       {@link #verifyMembership} and {@link #verifyNonMembership} check them against a root.
 *   <li>{@link #beginBatch()} opens a batch that commits all or nothing.
 * </ul>
 *
 * <p>Not thread-safe: one writer, and no reader during a write.
 */
public final class IndexedMerkleTree {

  /** The depth: 2^32 leaf slots, 32 siblings per path. */
  public static final int DEPTH = TreeHashing.DEPTH;

  /** Keys are below 2^KEY_BITS: Ethereum addresses. */
  public static final int KEY_BITS = 160;

  private static final int KEY_ZERO_PREFIX_BYTES = 32 - KEY_BITS / 8;
  private static final long CAPACITY = 1L << DEPTH;
  private static final Fr[] EMPTY = TreeHashing.emptySubtreeRoots().toArray(new Fr[0]);

  private final TreeStore store;
  private TreeBatch openBatch;

  /**
   * A tree over {@code store}. An empty store (no leaf) receives the genesis state, the sentinel at
   * index 0; otherwise the store's content is taken as it is.
   */
  public IndexedMerkleTree(TreeStore store) {
    this.store = Objects.requireNonNull(store, "store");
    if (store.leafCount() == 0) {
      Fr[] siblings = siblings(0);
      store.putLeaf(0, Leaf.SENTINEL);
      writePath(0, Leaf.SENTINEL.hashElement(), siblings, DEPTH);
    }
  }

  /** A new tree in memory, at genesis. */
  public static IndexedMerkleTree inMemory() {
    return new IndexedMerkleTree(new MemoryTreeStore());
  }

  /** The store underneath. */
  public TreeStore store() {
    return store;
  }

  // ---------------------------------------------------------------- reads

  /** The current root. */
  public Bytes32 root() {
    return rootElement().toBytes();
  }

  /** The current root as a field element. */
  public Fr rootElement() {
    return nodeOrEmpty(DEPTH, 0);
  }

  /** The number of keys (accounts) in the tree, the sentinel not counted. */
  public long size() {
    return store.leafCount() - 1;
  }

  /** The number of leaves, the sentinel included: also the index the next insert will take. */
  public long leafCount() {
    return store.leafCount();
  }

  /** The leaf of {@code key}, if the key is in the tree. Key 0 finds the sentinel. */
  public Optional<Leaf> get(Bytes32 key) {
    OptionalLong index = store.indexOf(key);
    return index.isPresent() ? Optional.of(store.leaf(index.getAsLong())) : Optional.empty();
  }

  /** True if {@code key} is in the tree. */
  public boolean contains(Bytes32 key) {
    return store.indexOf(key).isPresent();
  }

  /** The index of {@code key}'s leaf, if the key is in the tree. */
  public OptionalLong indexOf(Bytes32 key) {
    return store.indexOf(key);
  }

  /** The leaf at {@code index}, if that slot holds one. */
  public Optional<Leaf> leafAt(long index) {
    return Optional.ofNullable(store.leaf(index));
  }

  // ---------------------------------------------------------------- writes

  /**
   * Inserts a new key: its leaf (key, low leaf's old nextKey, value) goes to the next free index,
   * and its low leaf's nextKey becomes {@code key}.
   *
   * @throws InvalidKeyException if the key is 0 or not below 2^160
   * @throws KeyExistsException if the key is already in the tree
   * @throws TreeFullException if all 2^32 slots are used
   * @throws IllegalArgumentException if the value is not a canonical field element
   */
  public InsertWitness insert(Bytes32 key, Bytes32 value) {
    checkWritable();
    requireValidKey(key);
    Objects.requireNonNull(value, "value");
    OptionalLong existing = store.indexOf(key);
    if (existing.isPresent()) {
      throw new KeyExistsException(key, existing.getAsLong());
    }
    long newIndex = store.leafCount();
    if (newIndex >= CAPACITY) {
      throw new TreeFullException();
    }
    long lowIndex = store.lowerIndex(key);
    Leaf lowLeaf = store.leaf(lowIndex);
    Leaf updatedLow = lowLeaf.withNextKey(key);
    Leaf newLeaf = new Leaf(key, lowLeaf.nextKey(), value); // checks the value
    Fr oldRoot = rootElement();

    // Step 1: the low leaf, through its path in the old tree. Its nodes are written up to the
    // height where its path meets the new leaf's (the node there has changed twice); above that,
    // step 2 writes them.
    Fr[] lowSiblings = siblings(lowIndex);
    int meet = Long.SIZE - Long.numberOfLeadingZeros(lowIndex ^ newIndex); // 1..DEPTH
    store.putLeaf(lowIndex, updatedLow);
    Fr lowChild = writePath(lowIndex, updatedLow.hashElement(), lowSiblings, meet - 1);

    // Step 2: the new leaf, through its path in the intermediate tree: below the meeting point,
    // nodes the low leaf does not touch; at it, the low side just computed; above, the same
    // siblings as the low leaf's.
    Fr[] newSiblings = new Fr[DEPTH];
    for (int h = 0; h < meet - 1; h++) {
      newSiblings[h] = sibling(h, newIndex);
    }
    newSiblings[meet - 1] = lowChild;
    System.arraycopy(lowSiblings, meet, newSiblings, meet, DEPTH - meet);
    store.putLeaf(newIndex, newLeaf);
    Fr newRoot = writePath(newIndex, newLeaf.hashElement(), newSiblings, DEPTH);

    return new InsertWitness(
        oldRoot.toBytes(),
        newRoot.toBytes(),
        lowIndex,
        lowLeaf,
        MerklePath.toBytes(lowSiblings),
        updatedLow,
        newIndex,
        newLeaf,
        MerklePath.toBytes(newSiblings));
  }

  /**
   * Sets the value of an existing key.
   *
   * @throws InvalidKeyException if the key is 0 or not below 2^160
   * @throws KeyNotFoundException if the key is not in the tree
   * @throws IllegalArgumentException if the value is not a canonical field element
   */
  public UpdateWitness update(Bytes32 key, Bytes32 value) {
    checkWritable();
    requireValidKey(key);
    Objects.requireNonNull(value, "value");
    OptionalLong found = store.indexOf(key);
    if (found.isEmpty()) {
      throw new KeyNotFoundException(key);
    }
    long index = found.getAsLong();
    Leaf oldLeaf = store.leaf(index);
    Leaf newLeaf = oldLeaf.withValue(value);
    Fr oldRoot = rootElement();
    Fr[] siblings = siblings(index);
    store.putLeaf(index, newLeaf);
    Fr newRoot = writePath(index, newLeaf.hashElement(), siblings, DEPTH);
    return new UpdateWitness(
        oldRoot.toBytes(),
        newRoot.toBytes(),
        index,
        oldLeaf,
        newLeaf,
        MerklePath.toBytes(siblings));
  }

  /** {@link #update} if the key is in the tree, else {@link #insert}. */
  public TreeWitness put(Bytes32 key, Bytes32 value) {
    return contains(key) ? update(key, value) : insert(key, value);
  }

  // ---------------------------------------------------------------- proofs

  /**
   * A proof that {@code key} is in the tree, with its leaf.
   *
   * @throws InvalidKeyException if the key is 0 or not below 2^160
   * @throws KeyNotFoundException if the key is not in the tree
   */
  public MembershipProof membershipProof(Bytes32 key) {
    requireValidKey(key);
    OptionalLong found = store.indexOf(key);
    if (found.isEmpty()) {
      throw new KeyNotFoundException(key);
    }
    long index = found.getAsLong();
    return new MembershipProof(index, store.leaf(index), MerklePath.toBytes(siblings(index)));
  }

  /**
   * A proof that {@code key} is not in the tree: its low leaf and that leaf's path.
   *
   * @throws InvalidKeyException if the key is 0 or not below 2^160
   * @throws KeyExistsException if the key is in the tree
   */
  public NonMembershipProof nonMembershipProof(Bytes32 key) {
    requireValidKey(key);
    OptionalLong existing = store.indexOf(key);
    if (existing.isPresent()) {
      throw new KeyExistsException(key, existing.getAsLong());
    }
    long lowIndex = store.lowerIndex(key);
    return new NonMembershipProof(
        lowIndex, store.leaf(lowIndex), MerklePath.toBytes(siblings(lowIndex)));
  }

  /**
   * Checks a membership proof: {@code key} is a valid account key, the proof's leaf holds it, and
   * the leaf's hash carried up the path at the proof's index gives {@code root}. The value proven
   * is then {@code proof.leaf().value()}.
   */
  public static boolean verifyMembership(Bytes32 root, Bytes32 key, MembershipProof proof) {
    if (!isValidKey(key) || !proof.leaf().key().equals(key)) {
      return false;
    }
    return proof.computeRootElement().toBytes().equals(root);
  }

  /**
   * Checks a non-membership proof: {@code key} is a valid account key, the proof's low leaf
   * brackets it ({@code lowLeaf.key < key}, and {@code key < lowLeaf.nextKey} or {@code
   * lowLeaf.nextKey == 0}), and the low leaf's hash carried up the path gives {@code root}.
   */
  public static boolean verifyNonMembership(Bytes32 root, Bytes32 key, NonMembershipProof proof) {
    if (!isValidKey(key) || !brackets(proof.lowLeaf(), key)) {
      return false;
    }
    return proof.computeRootElement().toBytes().equals(root);
  }

  // ---------------------------------------------------------------- keys

  /** True if {@code key} can be an account key: nonzero and below 2^160. */
  public static boolean isValidKey(Bytes32 key) {
    if (key == null) {
      return false;
    }
    for (int i = 0; i < KEY_ZERO_PREFIX_BYTES; i++) {
      if (key.get(i) != 0) {
        return false;
      }
    }
    return !key.isZero();
  }

  /**
   * True if {@code low} is the low leaf of an absent {@code key}: {@code low.key < key} and ({@code
   * key < low.nextKey} or {@code low.nextKey == 0}).
   */
  static boolean brackets(Leaf low, Bytes32 key) {
    return TreeStore.KEY_ORDER.compare(low.key(), key) < 0
        && (low.isLast() || TreeStore.KEY_ORDER.compare(key, low.nextKey()) < 0);
  }

  private static void requireValidKey(Bytes32 key) {
    Objects.requireNonNull(key, "key");
    if (!isValidKey(key)) {
      throw new InvalidKeyException(key);
    }
  }

  // ---------------------------------------------------------------- batches

  /**
   * Opens a batch: a tree over a write buffer on this tree's store ({@link TreeBatch#tree()}),
   * whose changes reach this tree all at once on {@link TreeBatch#commit()}, or never. While the
   * batch is open, this tree refuses writes.
   *
   * @throws IllegalStateException if a batch is already open
   */
  public TreeBatch beginBatch() {
    checkWritable();
    openBatch = new TreeBatch(this, new IndexedMerkleTree(new OverlayTreeStore(store)));
    return openBatch;
  }

  void batchClosed(TreeBatch batch) {
    if (openBatch == batch) {
      openBatch = null;
    }
  }

  private void checkWritable() {
    if (openBatch != null) {
      throw new IllegalStateException(
          "a batch is open on this tree: write through it, or close it");
    }
  }

  // ---------------------------------------------------------------- paths

  private Fr nodeOrEmpty(int height, long index) {
    Fr node = store.node(height, index);
    return node != null ? node : EMPTY[height];
  }

  private Fr sibling(int height, long leafIndex) {
    return nodeOrEmpty(height, (leafIndex >>> height) ^ 1);
  }

  /** The 32 siblings of the path of leaf {@code index}, as they stand. */
  private Fr[] siblings(long index) {
    Fr[] out = new Fr[DEPTH];
    for (int h = 0; h < DEPTH; h++) {
      out[h] = sibling(h, index);
    }
    return out;
  }

  /**
   * Writes the leaf hash at (0, index), then the nodes of its path at heights 1..{@code top}, each
   * hashed from the one below and its sibling. Returns the node written at height {@code top}.
   */
  private Fr writePath(long index, Fr leafHash, Fr[] siblings, int top) {
    Fr acc = leafHash;
    store.putNode(0, index, acc);
    for (int h = 0; h < top; h++) {
      long i = index >>> h;
      acc =
          (i & 1) == 0
              ? TreeHashing.nodeHash(acc, siblings[h])
              : TreeHashing.nodeHash(siblings[h], acc);
      store.putNode(h + 1, i >>> 1, acc);
    }
    return acc;
  }

  /** The leaves in index order; for tests and tools (walks the store). */
  public List<Leaf> leaves() {
    long count = store.leafCount();
    List<Leaf> out = new ArrayList<>((int) Math.min(count, Integer.MAX_VALUE));
    for (long i = 0; i < count; i++) {
      out.add(store.leaf(i));
    }
    return out;
  }
}
