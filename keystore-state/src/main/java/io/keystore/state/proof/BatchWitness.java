package io.keystore.state.proof;

import io.keystore.state.account.AccountConfig;
import io.keystore.state.account.GuardianSet;
import io.keystore.state.account.PendingRecovery;
import io.keystore.state.account.PendingUpdate;
import io.keystore.state.account.Settings;
import io.keystore.state.account.StateHashing;
import io.keystore.state.account.U64;
import io.keystore.state.api.BatchResult;
import io.keystore.state.api.TxOutcome;
import io.keystore.state.crypto.Eip712Domain;
import io.keystore.state.crypto.PublicKey;
import io.keystore.state.crypto.Signature;
import io.keystore.state.hash.Fr;
import io.keystore.state.tree.IndexedMerkleTree;
import io.keystore.state.tree.InsertWitness;
import io.keystore.state.tree.Leaf;
import io.keystore.state.tree.TreeWitness;
import io.keystore.state.tree.UpdateWitness;
import io.keystore.state.tx.Transaction;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;

/**
 * The witness of a batch proof, in the layout of docs/spec/proof.md §2: the header (with the
 * published update of each slot), then one block of {@link #SLOT_ELEMENTS} field elements per slot,
 * applied transactions first and empty slots (all zeros) after. The gnark batch circuit reads it field for field.
 */
public final class BatchWitness {

  /** Field elements per slot. */
  public static final int SLOT_ELEMENTS = 112;

  private static final BigInteger TWO_128 = BigInteger.ONE.shiftLeft(128);

  private final BatchHeader header;
  private final List<List<Fr>> slots;

  private BatchWitness(BatchHeader header, List<List<Fr>> slots) {
    this.header = header;
    this.slots = slots;
  }

  /**
   * The witness of a committed batch, padded with empty slots to {@code slotCount}.
   *
   * @throws IllegalArgumentException if the batch applied more transactions than there are slots
   */
  public static BatchWitness of(BatchResult batch, Eip712Domain domain, int slotCount) {
    List<TxOutcome.Applied> applied = batch.applied();
    if (applied.size() > slotCount) {
      throw new IllegalArgumentException(
          applied.size() + " applied transactions do not fit in " + slotCount + " slots");
    }
    List<List<Fr>> slots = new ArrayList<>(slotCount);
    List<PublishedUpdate> published = new ArrayList<>();
    for (TxOutcome.Applied a : applied) {
      slots.add(slot(a.tx(), a.previousConfig(), a.created(), a.witness()));
      published.add(new PublishedUpdate(a.tx().account(), a.newConfig().hash().toBytes()));
    }
    while (slots.size() < slotCount) {
      slots.add(Collections.nCopies(SLOT_ELEMENTS, Fr.ZERO));
    }
    BatchHeader header =
        new BatchHeader(
            domain.separator(),
            batch.oldRoot(),
            batch.newRoot(),
            batch.oldLeafCount(),
            batch.newLeafCount(),
            batch.time(),
            published);
    return new BatchWitness(header, List.copyOf(slots));
  }

  /**
   * A witness with the given header and slots as they are: for tests that force a transaction the
   * state transition rejected into a batch, to check that the circuit refuses it too.
   */
  public static BatchWitness forced(BatchHeader header, List<List<Fr>> slots) {
    if (header.txCount() > slots.size()) {
      throw new IllegalArgumentException("more published updates than slots");
    }
    for (List<Fr> s : slots) {
      if (s.size() != SLOT_ELEMENTS) {
        throw new IllegalArgumentException("a slot has " + SLOT_ELEMENTS + " elements: " + s.size());
      }
    }
    return new BatchWitness(Objects.requireNonNull(header, "header"), List.copyOf(slots));
  }

  public BatchHeader header() {
    return header;
  }

  /** The slots' elements, in order. */
  public List<List<Fr>> slots() {
    return slots;
  }

  /** The number of slots. */
  public int slotCount() {
    return slots.size();
  }

  /** The proof's public input (proof.md §3), for this batch's number of slots. */
  public Bytes32 publicInput() {
    return header.publicInput(slots.size());
  }

  /** The witness bytes: every element as 32 bytes big-endian. */
  public Bytes toBytes() {
    List<Bytes> parts = new ArrayList<>();
    header.toFieldElements(slots.size()).forEach(e -> parts.add(e.toBytes()));
    slots.forEach(s -> s.forEach(e -> parts.add(e.toBytes())));
    return Bytes.concatenate(parts);
  }

  /**
   * The elements of one slot (proof.md §2.2) for a transaction applied to {@code previous} (the
   * account's initial configuration when {@code created}), with the tree witness of its leaf
   * write.
   */
  public static List<Fr> slot(
      Transaction tx, AccountConfig previous, boolean created, TreeWitness tree) {
    List<Fr> f = new ArrayList<>(SLOT_ELEMENTS);
    f.add(Fr.of(tx.type().code()));
    f.add(StateHashing.treeKey(tx.account()));
    f.add(created ? Fr.ONE : Fr.ZERO);
    f.add(created ? tx.creation().orElseThrow().salt() : Fr.ZERO);
    addConfig(f, previous);
    addRequest(f, tx);
    addSignature(f, tx, previous);
    addTree(f, tree);
    if (f.size() != SLOT_ELEMENTS) {
      throw new IllegalStateException("slot layout has " + f.size() + " elements");
    }
    return List.copyOf(f);
  }

  private static void addConfig(List<Fr> f, AccountConfig c) {
    f.add(StateHashing.keyHash(c.owner()));
    addGuardianSet(f, c.guardianSet());
    f.add(c.spendingRulesHash());
    f.add(U64.toFr(c.nonce()));
    f.add(U64.toFr(c.recoveryEpoch()));
    if (c.pendingRecovery().isPresent()) {
      PendingRecovery pr = c.pendingRecovery().get();
      f.add(Fr.ONE);
      f.add(StateHashing.keyHash(pr.proposedOwner()));
      for (int i = 0; i < GuardianSet.MAX_GUARDIANS; i++) {
        f.add(pr.approvedBy(i) ? Fr.ONE : Fr.ZERO);
      }
      f.add(U64.toFr(pr.executableAfter()));
    } else {
      zeros(f, 7);
    }
    if (c.pendingUpdate().isPresent()) {
      PendingUpdate pu = c.pendingUpdate().get();
      f.add(Fr.ONE);
      f.add(StateHashing.guardianSetHash(pu.guardianSet()));
      f.add(pu.spendingRulesHash());
      f.add(U64.toFr(pu.executableAfter()));
    } else {
      zeros(f, 4);
    }
  }

  private static void addGuardianSet(List<Fr> f, GuardianSet g) {
    f.add(Fr.of(g.threshold()));
    f.add(U64.toFr(g.recoveryDelay()));
    for (int i = 0; i < GuardianSet.MAX_GUARDIANS; i++) {
      f.add(i < g.size() ? StateHashing.keyHash(g.guardians().get(i)) : Fr.ZERO);
    }
  }

  /** New settings (UpdateConfig), then guardian index and proposed owner (ApproveRecovery). */
  private static void addRequest(List<Fr> f, Transaction tx) {
    if (tx instanceof Transaction.UpdateConfig u) {
      Settings s = u.newSettings();
      f.add(StateHashing.keyHash(s.owner()));
      addGuardianSet(f, s.guardianSet());
      f.add(s.spendingRulesHash());
    } else {
      zeros(f, 8);
    }
    if (tx instanceof Transaction.ApproveRecovery a) {
      f.add(Fr.of(a.guardianIndex()));
      f.add(StateHashing.keyHash(a.newOwner()));
    } else {
      zeros(f, 2);
    }
  }

  /** The signer's key and the signature's (r, s), as 128-bit halves; zeros when unsigned. */
  private static void addSignature(List<Fr> f, Transaction tx, AccountConfig previous) {
    Signature sig;
    PublicKey signer;
    switch (tx) {
      case Transaction.UpdateConfig u -> {
        sig = u.signature();
        signer = previous.owner();
      }
      case Transaction.CancelRecovery c -> {
        sig = c.signature();
        signer = previous.owner();
      }
      case Transaction.ApproveRecovery a -> {
        sig = a.signature();
        List<PublicKey> g = previous.guardianSet().guardians();
        signer = a.guardianIndex() < g.size() ? g.get(a.guardianIndex()) : null;
      }
      case Transaction.FinaliseRecovery fin -> {
        sig = null;
        signer = null;
      }
    }
    if (signer == null) {
      zeros(f, 8);
      return;
    }
    halves(f, signer.x());
    halves(f, signer.y());
    halves(f, sig.r());
    halves(f, sig.s());
  }

  private static void addTree(List<Fr> f, TreeWitness w) {
    switch (w) {
      case UpdateWitness u -> {
        f.add(Fr.of(u.leafIndex()));
        addLeaf(f, u.oldLeaf());
        u.siblings().forEach(s -> f.add(Fr.fromBytes(s)));
        zeros(f, 1 + IndexedMerkleTree.DEPTH);
      }
      case InsertWitness i -> {
        f.add(Fr.of(i.lowLeafIndex()));
        addLeaf(f, i.lowLeaf());
        i.lowLeafSiblings().forEach(s -> f.add(Fr.fromBytes(s)));
        f.add(Fr.of(i.newLeafIndex()));
        i.newLeafSiblings().forEach(s -> f.add(Fr.fromBytes(s)));
      }
    }
  }

  private static void addLeaf(List<Fr> f, Leaf leaf) {
    f.add(Fr.fromBytes(leaf.key()));
    f.add(Fr.fromBytes(leaf.nextKey()));
    f.add(Fr.fromBytes(leaf.value()));
  }

  private static void halves(List<Fr> f, BigInteger v) {
    BigInteger[] hl = v.divideAndRemainder(TWO_128);
    f.add(Fr.fromBigInteger(hl[0]));
    f.add(Fr.fromBigInteger(hl[1]));
  }

  private static void zeros(List<Fr> f, int n) {
    for (int i = 0; i < n; i++) {
      f.add(Fr.ZERO);
    }
  }
}
