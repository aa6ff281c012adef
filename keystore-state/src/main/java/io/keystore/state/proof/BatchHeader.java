package io.keystore.state.proof;

import io.keystore.state.account.StateHashing;
import io.keystore.state.account.U64;
import io.keystore.state.crypto.Address;
import io.keystore.state.crypto.Keccak256;
import io.keystore.state.hash.Fr;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;

/**
 * What a batch proof is bound to (docs/spec/proof.md §2.1, §3, §7.3): the EIP-712 domain separator,
 * the roots and leaf counts before and after, the batch time, the ids of the forced transactions
 * the batch takes from the L1 queue, and what the batch publishes on L1 (the account and new
 * configHash of each transaction in a slot; {@code (0, 0)} for a rejected forced one). The
 * Keccak-256 of its bytes, {@link #publicBytes(int)}, with the top three bits cleared, is the
 * proof's one public input; the L1 contract recomputes it from its calldata.
 */
public record BatchHeader(
    Bytes32 domainSeparator,
    Bytes32 oldRoot,
    Bytes32 newRoot,
    long oldLeafCount,
    long newLeafCount,
    long time,
    List<Bytes32> forcedIds,
    List<PublishedUpdate> published) {

  /** The most forced transactions a batch takes: {@code F = min(S, 4)} (proof.md §7.3). */
  public static final int MAX_FORCED = 4;

  /** {@code F} for a batch of {@code slots} slots. */
  public static int forcedSlots(int slots) {
    return Math.min(slots, MAX_FORCED);
  }

  /** The number of field elements of {@link #toFieldElements(int)} for {@code slots} slots. */
  public static int fieldElements(int slots) {
    return 8 + 2 * forcedSlots(slots) + 2 * slots;
  }

  /** What a rejected forced transaction publishes: {@code (0, 0)}, which rebuilders skip. */
  public static final PublishedUpdate NOTHING =
      new PublishedUpdate(Address.wrap(Bytes.wrap(new byte[Address.LENGTH])), Bytes32.ZERO);

  /** A header without forced transactions. */
  public BatchHeader(
      Bytes32 domainSeparator,
      Bytes32 oldRoot,
      Bytes32 newRoot,
      long oldLeafCount,
      long newLeafCount,
      long time,
      List<PublishedUpdate> published) {
    this(domainSeparator, oldRoot, newRoot, oldLeafCount, newLeafCount, time, List.of(), published);
  }

  private static final BigInteger TWO_128 = BigInteger.ONE.shiftLeft(128);

  /** Bytes of one published update: the account (20) and the new value (32). */
  public static final int PUBLISHED_BYTES = 20 + 32;

  /** Bytes before the published updates: separator, roots, and four u64. */
  public static final int FIXED_BYTES = 32 + 32 + 32 + 4 * 8;

  public BatchHeader {
    Objects.requireNonNull(domainSeparator, "domainSeparator");
    Objects.requireNonNull(oldRoot, "oldRoot");
    Objects.requireNonNull(newRoot, "newRoot");
    published = List.copyOf(published);
    forcedIds = List.copyOf(forcedIds);
    if (forcedIds.size() > Math.min(MAX_FORCED, published.size())) {
      throw new IllegalArgumentException(
          forcedIds.size() + " forced ids for " + published.size() + " transactions");
    }
    if (forcedIds.contains(Bytes32.ZERO)) {
      throw new IllegalArgumentException("a forced id is never zero");
    }
    if (oldLeafCount < 1 || Long.compareUnsigned(newLeafCount, oldLeafCount) < 0) {
      throw new IllegalArgumentException("leaf counts " + oldLeafCount + " -> " + newLeafCount);
    }
  }

  /** The number of transactions the batch applied. */
  public int txCount() {
    return published.size();
  }

  /**
   * The header's elements in witness order (proof.md §2.1, §7.3): separator halves, roots, leaf
   * counts, time, transaction count, the {@code F} forced ids as 128-bit halves (zeros past the
   * forced ones), then (account, value) per slot, zeros for the empty slots.
   */
  public List<Fr> toFieldElements(int slots) {
    requireFits(slots);
    BigInteger[] sep = domainSeparator.toUnsignedBigInteger().divideAndRemainder(TWO_128);
    List<Fr> f = new ArrayList<>(fieldElements(slots));
    f.add(Fr.fromBigInteger(sep[0]));
    f.add(Fr.fromBigInteger(sep[1]));
    f.add(Fr.fromBytes(oldRoot));
    f.add(Fr.fromBytes(newRoot));
    f.add(U64.toFr(oldLeafCount));
    f.add(U64.toFr(newLeafCount));
    f.add(U64.toFr(time));
    f.add(Fr.of(txCount()));
    for (int j = 0; j < forcedSlots(slots); j++) {
      BigInteger id =
          j < forcedIds.size() ? forcedIds.get(j).toUnsignedBigInteger() : BigInteger.ZERO;
      BigInteger[] hl = id.divideAndRemainder(TWO_128);
      f.add(Fr.fromBigInteger(hl[0]));
      f.add(Fr.fromBigInteger(hl[1]));
    }
    for (int i = 0; i < slots; i++) {
      if (i < published.size()) {
        f.add(StateHashing.treeKey(published.get(i).account()));
        f.add(Fr.fromBytes(published.get(i).value()));
      } else {
        f.add(Fr.ZERO);
        f.add(Fr.ZERO);
      }
    }
    return f;
  }

  /**
   * The bytes the public input hashes (proof.md §3): {@code domainSeparator ‖ oldRoot ‖ newRoot ‖
   * oldLeafCount ‖ newLeafCount ‖ time ‖ txCount} (u64s big-endian), the {@code F} forced ids
   * (zeros past the forced ones), then {@code account ‖ value} for each of the {@code slots} slots,
   * zeros for the empty ones.
   */
  public Bytes publicBytes(int slots) {
    requireFits(slots);
    int forced = forcedSlots(slots);
    ByteBuffer b = ByteBuffer.allocate(FIXED_BYTES + 32 * forced + slots * PUBLISHED_BYTES);
    b.put(domainSeparator.toArrayUnsafe());
    b.put(oldRoot.toArrayUnsafe());
    b.put(newRoot.toArrayUnsafe());
    b.putLong(oldLeafCount).putLong(newLeafCount).putLong(time).putLong(txCount());
    for (int j = 0; j < forced; j++) {
      b.put(j < forcedIds.size() ? forcedIds.get(j).toArrayUnsafe() : new byte[32]);
    }
    b.put(publishedBytes().toArrayUnsafe());
    return Bytes.wrap(b.array());
  }

  /**
   * The published updates as {@code submitBatch} takes them and L1 publishes them (proof.md §4):
   * {@code account ‖ value} per transaction, {@link #PUBLISHED_BYTES} each.
   */
  public Bytes publishedBytes() {
    ByteBuffer b = ByteBuffer.allocate(published.size() * PUBLISHED_BYTES);
    for (PublishedUpdate p : published) {
      b.put(p.account().toBytes().toArrayUnsafe());
      b.put(p.value().toArrayUnsafe());
    }
    return Bytes.wrap(b.array());
  }

  /** The proof's public input: Keccak-256 of {@link #publicBytes(int)}, top three bits cleared. */
  public Bytes32 publicInput(int slots) {
    byte[] digest = Keccak256.hash(publicBytes(slots).toArrayUnsafe()).toArray();
    digest[0] &= 0x1f;
    return Bytes32.wrap(digest);
  }

  private void requireFits(int slots) {
    if (forcedIds.size() > forcedSlots(slots)) {
      throw new IllegalArgumentException(
          forcedIds.size() + " forced ids do not fit in " + slots + " slots");
    }
    if (published.size() > slots) {
      throw new IllegalArgumentException(
          published.size() + " transactions do not fit in " + slots + " slots");
    }
  }
}
