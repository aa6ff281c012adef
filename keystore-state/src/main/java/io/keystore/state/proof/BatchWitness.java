package io.keystore.state.proof;

import io.keystore.state.account.AccountConfig;
import io.keystore.state.account.AccountCreation;
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
import io.keystore.state.tx.ForcedTransaction;
import io.keystore.state.tx.Transaction;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;

/**
 * The witness of a batch proof, in the layout of docs/spec/proof.md §2 and §7: the header (with the
 * forced ids and the published update of each slot), then one block of {@link #SLOT_ELEMENTS} field
 * elements per slot: forced transactions first, then the other applied ones, then empty slots (all
 * zeros). The gnark batch circuit reads it field for field.
 */
public final class BatchWitness {

  /** Field elements per slot. */
  public static final int SLOT_ELEMENTS = 118;

  private static final BigInteger TWO_128 = BigInteger.ONE.shiftLeft(128);

  private final BatchHeader header;
  private final List<List<Fr>> slots;

  private BatchWitness(BatchHeader header, List<List<Fr>> slots) {
    this.header = header;
    this.slots = slots;
  }

  /**
   * The witness of a committed batch, padded with empty slots to {@code slotCount}: its forced
   * transactions first (applied or rejected, proof.md §7), then its other applied transactions.
   *
   * @throws IllegalArgumentException if the batch has more such transactions than there are slots,
   *     or more forced ones than {@code F = min(slotCount, 4)}
   */
  public static BatchWitness of(BatchResult batch, Eip712Domain domain, int slotCount) {
    List<TxOutcome> proven = batch.proven();
    if (proven.size() > slotCount) {
      throw new IllegalArgumentException(
          proven.size() + " transactions do not fit in " + slotCount + " slots");
    }
    List<ForcedTransaction> forced = batch.forced();
    if (forced.size() > BatchHeader.forcedSlots(slotCount)) {
      throw new IllegalArgumentException(
          forced.size() + " forced transactions do not fit in a batch of " + slotCount + " slots");
    }
    List<List<Fr>> slots = new ArrayList<>(slotCount);
    List<PublishedUpdate> published = new ArrayList<>();
    for (int i = 0; i < proven.size(); i++) {
      Optional<PublicKey> signer = i < forced.size() ? forced.get(i).signerKey() : Optional.empty();
      switch (proven.get(i)) {
        case TxOutcome.Applied a -> {
          slots.add(slot(a.tx(), a.previousConfig(), a.created(), a.witness()));
          published.add(new PublishedUpdate(a.tx().account(), a.newConfig().hash().toBytes()));
        }
        case TxOutcome.ForcedRejected r -> {
          slots.add(rejectedSlot(r, signer));
          published.add(BatchHeader.NOTHING);
        }
        case TxOutcome.Rejected r -> throw new IllegalStateException("a rejected tx in a slot");
      }
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
            forced.stream().map(ForcedTransaction::forceId).toList(),
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
        throw new IllegalArgumentException(
            "a slot has " + SLOT_ELEMENTS + " elements: " + s.size());
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
   * The elements of one slot (proof.md §2.2, §7.4) for a transaction applied to {@code previous}
   * (the account's initial configuration when {@code created}), with the tree witness of its leaf
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
    addSignature(f, tx, requiredSigner(tx, previous));
    addTree(f, tree);
    addOwnFields(f, tx);
    addVetoes(f, Optional.of(previous));
    return checked(f);
  }

  /**
   * The elements of the slot of a forced transaction rejected by proof (proof.md §7.4): the account
   * as the tree shows it (its leaf and configuration, or the low leaf of its absence; the
   * creation's initial configuration when it is absent and the transaction creates it), the key the
   * L1 queue recorded as the signer's, and no tree write.
   */
  public static List<Fr> rejectedSlot(TxOutcome.ForcedRejected r, Optional<PublicKey> signer) {
    Transaction tx = r.tx();
    boolean absent = r.read() instanceof TxOutcome.AccountRead.Absent;
    Optional<AccountCreation> creation = absent ? tx.creation() : Optional.empty();
    List<Fr> f = new ArrayList<>(SLOT_ELEMENTS);
    f.add(Fr.of(tx.type().code()));
    f.add(StateHashing.treeKey(tx.account()));
    f.add(absent ? Fr.ONE : Fr.ZERO);
    f.add(creation.map(AccountCreation::salt).orElse(Fr.ZERO));
    switch (r.read()) {
      case TxOutcome.AccountRead.Present p -> addConfig(f, p.config());
      case TxOutcome.AccountRead.Absent a ->
          creation.ifPresentOrElse(
              c -> addConfig(f, c.initialConfig()), () -> zeros(f, CONFIG_ELEMENTS));
    }
    addRequest(f, tx);
    addSignature(f, tx, signer);
    switch (r.read()) {
      case TxOutcome.AccountRead.Present p ->
          addPath(f, p.proof().index(), p.proof().leaf(), p.proof().siblings());
      case TxOutcome.AccountRead.Absent a ->
          addPath(f, a.proof().lowLeafIndex(), a.proof().lowLeaf(), a.proof().siblings());
    }
    zeros(f, 1 + IndexedMerkleTree.DEPTH);
    addOwnFields(f, tx);
    addVetoes(
        f,
        switch (r.read()) {
          case TxOutcome.AccountRead.Present p -> Optional.of(p.config());
          case TxOutcome.AccountRead.Absent a -> creation.map(AccountCreation::initialConfig);
        });
    return checked(f);
  }

  /** Elements of the opened configuration (4–24). */
  private static final int CONFIG_ELEMENTS = 21;

  private static List<Fr> checked(List<Fr> f) {
    if (f.size() != SLOT_ELEMENTS) {
      throw new IllegalStateException("slot layout has " + f.size() + " elements");
    }
    return List.copyOf(f);
  }

  /** The transaction's own counter and its creation commitment (elements 112, 113). */
  private static void addOwnFields(List<Fr> f, Transaction tx) {
    f.add(U64.toFr(ForcedTransaction.counter(tx)));
    f.add(ForcedTransaction.creationCommitment(tx));
  }

  /**
   * The veto bits of the opened configuration's pending recovery (elements 114–117, proof.md §2.2):
   * bit i for guardian i; zeros when nothing is pending or no configuration is opened.
   */
  private static void addVetoes(List<Fr> f, Optional<AccountConfig> config) {
    Optional<PendingRecovery> pr = config.flatMap(AccountConfig::pendingRecovery);
    for (int i = 0; i < GuardianSet.MAX_GUARDIANS; i++) {
      f.add(pr.isPresent() && pr.get().vetoedBy(i) ? Fr.ONE : Fr.ZERO);
    }
  }

  /** The key that must sign {@code tx} under {@code cur}: empty when unsigned or no guardian. */
  private static Optional<PublicKey> requiredSigner(Transaction tx, AccountConfig cur) {
    return switch (tx) {
      case Transaction.UpdateConfig u -> Optional.of(cur.owner());
      case Transaction.CancelRecovery c -> Optional.of(cur.owner());
      case Transaction.ApproveRecovery a -> {
        List<PublicKey> g = cur.guardianSet().guardians();
        yield a.guardianIndex() < g.size()
            ? Optional.of(g.get(a.guardianIndex()))
            : Optional.empty();
      }
      case Transaction.FinaliseRecovery fin -> Optional.empty();
    };
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
  private static void addSignature(List<Fr> f, Transaction tx, Optional<PublicKey> signer) {
    // Only secp256k1 signatures reach a batch: the state transition refuses the others for now.
    Optional<Signature> sig = tx.txSignature().map(s -> tx.secp256k1Signature());
    if (signer.isEmpty() || sig.isEmpty()) {
      zeros(f, 8);
      return;
    }
    halves(f, signer.get().x());
    halves(f, signer.get().y());
    halves(f, sig.get().r());
    halves(f, sig.get().s());
  }

  private static void addTree(List<Fr> f, TreeWitness w) {
    switch (w) {
      case UpdateWitness u -> {
        addPath(f, u.leafIndex(), u.oldLeaf(), u.siblings());
        zeros(f, 1 + IndexedMerkleTree.DEPTH);
      }
      case InsertWitness i -> {
        addPath(f, i.lowLeafIndex(), i.lowLeaf(), i.lowLeafSiblings());
        f.add(Fr.of(i.newLeafIndex()));
        i.newLeafSiblings().forEach(s -> f.add(Fr.fromBytes(s)));
      }
    }
  }

  /** A leaf's index, the leaf, and its path (elements 43–78). */
  private static void addPath(List<Fr> f, long index, Leaf leaf, List<Bytes32> siblings) {
    f.add(Fr.of(index));
    addLeaf(f, leaf);
    siblings.forEach(s -> f.add(Fr.fromBytes(s)));
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
