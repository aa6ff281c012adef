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
import io.keystore.state.crypto.P256Signature;
import io.keystore.state.crypto.PublicKey;
import io.keystore.state.crypto.Signature;
import io.keystore.state.crypto.TxSignature;
import io.keystore.state.crypto.WebAuthnSignature;
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
import java.util.OptionalInt;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;

/**
 * The witness of a batch proof, in the layout of docs/spec/proof.md §2, §7 and §9: the header (with
 * the forced ids and the published update of each slot), then one block of {@link
 * BatchCircuit#slotElements()} field elements per slot: forced transactions first, then the other
 * applied ones, then empty slots (all zeros). The gnark batch circuit of {@link #circuit()} reads
 * it field for field: one leaf circuit per signer scheme (§9), whose name and id {@link
 * BatchCircuit} gives.
 */
public final class BatchWitness {

  /**
   * Field elements per slot of the secp256k1 and P-256 circuits, and the first ones of a WebAuthn
   * slot ({@link BatchCircuit#slotElements()}).
   */
  public static final int SLOT_ELEMENTS = BatchCircuit.SLOT_ELEMENTS;

  private static final BigInteger TWO_128 = BigInteger.ONE.shiftLeft(128);

  private final BatchCircuit circuit;
  private final BatchHeader header;
  private final List<List<Fr>> slots;

  private BatchWitness(BatchCircuit circuit, BatchHeader header, List<List<Fr>> slots) {
    this.circuit = circuit;
    this.header = header;
    this.slots = slots;
  }

  /**
   * The witness of a committed batch, padded with empty slots to {@code slotCount}, for the circuit
   * of its signers' scheme ({@link BatchCircuit#forBatch}: secp256k1 when no slot is signed).
   *
   * @throws IllegalArgumentException if the batch mixes signer schemes, has no circuit of that size
   *     for its scheme, has more transactions than there are slots, or more forced ones than {@code
   *     F = min(slotCount, 4)}
   */
  public static BatchWitness of(BatchResult batch, Eip712Domain domain, int slotCount) {
    return of(batch, domain, BatchCircuit.forBatch(batch, slotCount));
  }

  /**
   * The witness of a committed batch for {@code circuit}, padded with empty slots to its size: its
   * forced transactions first (applied or rejected, proof.md §7), then its other applied
   * transactions. Every signed slot must carry a signature of the circuit's scheme; unsigned ones
   * ({@code FinaliseRecovery}) fit any circuit (proof.md §9).
   *
   * @throws IllegalArgumentException if a slot is signed with another scheme than the circuit's,
   *     the batch has more such transactions than there are slots, or more forced ones than {@code
   *     F = min(slots, 4)}
   */
  public static BatchWitness of(BatchResult batch, Eip712Domain domain, BatchCircuit circuit) {
    int slotCount = circuit.slots();
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
    for (int i = 0; i < proven.size(); i++) {
      OptionalInt scheme = BatchCircuit.signerScheme(proven.get(i).tx());
      if (scheme.isPresent() && scheme.getAsInt() != circuit.scheme()) {
        throw new IllegalArgumentException(
            "slot "
                + i
                + " is signed with a key of scheme "
                + scheme.getAsInt()
                + " ("
                + BatchCircuit.schemeName(scheme.getAsInt())
                + "), the circuit "
                + circuit.name()
                + " verifies scheme "
                + circuit.scheme()
                + " ("
                + BatchCircuit.schemeName(circuit.scheme())
                + ") only: a batch does not mix signer schemes (proof.md §9)");
      }
    }
    int scheme = circuit.scheme();
    List<List<Fr>> slots = new ArrayList<>(slotCount);
    List<PublishedUpdate> published = new ArrayList<>();
    for (int i = 0; i < proven.size(); i++) {
      Optional<PublicKey> signer = i < forced.size() ? forced.get(i).signerKey() : Optional.empty();
      switch (proven.get(i)) {
        case TxOutcome.Applied a -> {
          slots.add(slot(scheme, a.tx(), a.previousConfig(), a.created(), a.witness()));
          published.add(new PublishedUpdate(a.tx().account(), a.newConfig().hash().toBytes()));
        }
        case TxOutcome.ForcedRejected r -> {
          slots.add(rejectedSlot(scheme, r, signer));
          published.add(BatchHeader.NOTHING);
        }
        case TxOutcome.Rejected r -> throw new IllegalStateException("a rejected tx in a slot");
      }
    }
    while (slots.size() < slotCount) {
      slots.add(Collections.nCopies(circuit.slotElements(), Fr.ZERO));
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
    return new BatchWitness(circuit, header, List.copyOf(slots));
  }

  /**
   * A secp256k1 witness ({@code batch-<slots.size()>}) with the given header and slots as they are:
   * for tests that force a transaction the state transition rejected into a batch, to check that
   * the circuit refuses it too.
   */
  public static BatchWitness forced(BatchHeader header, List<List<Fr>> slots) {
    return forced(new BatchCircuit(PublicKey.SCHEME_SECP256K1, slots.size()), header, slots);
  }

  /**
   * A witness of {@code circuit} with the given header and slots as they are (see {@link
   * #forced(BatchHeader, List)}). Only the layout is checked: the number of slots and of elements
   * per slot and, for WebAuthn, that the authenticatorData and clientDataJSON lengths are 0 (no
   * signature) or within the bounds of passkeys.md §4.1, and their bytes bytes, zeros past the
   * lengths (proof.md §9).
   *
   * @throws IllegalArgumentException if the slots do not fit the circuit's layout
   */
  public static BatchWitness forced(
      BatchCircuit circuit, BatchHeader header, List<List<Fr>> slots) {
    if (slots.size() != circuit.slots()) {
      throw new IllegalArgumentException(
          circuit.name() + " has " + circuit.slots() + " slots, not " + slots.size());
    }
    if (header.txCount() > slots.size()) {
      throw new IllegalArgumentException("more published updates than slots");
    }
    for (List<Fr> s : slots) {
      if (s.size() != circuit.slotElements()) {
        throw new IllegalArgumentException(
            "a slot of "
                + circuit.name()
                + " has "
                + circuit.slotElements()
                + " elements: "
                + s.size());
      }
      if (circuit.scheme() == PublicKey.SCHEME_WEBAUTHN) {
        checkWebAuthnElements(s.subList(SLOT_ELEMENTS, s.size()));
      }
    }
    return new BatchWitness(circuit, Objects.requireNonNull(header, "header"), List.copyOf(slots));
  }

  /** The leaf circuit this witness is for (its name, id, scheme and size). */
  public BatchCircuit circuit() {
    return circuit;
  }

  /** The signer scheme of the batch: that of its circuit. */
  public int scheme() {
    return circuit.scheme();
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
   * write, in the layout of the circuit of the transaction's own signer scheme (secp256k1 when
   * unsigned).
   */
  public static List<Fr> slot(
      Transaction tx, AccountConfig previous, boolean created, TreeWitness tree) {
    return slot(
        BatchCircuit.signerScheme(tx).orElse(PublicKey.SCHEME_SECP256K1),
        tx,
        previous,
        created,
        tree);
  }

  /**
   * The elements of one slot as {@link #slot(Transaction, AccountConfig, boolean, TreeWitness)}, in
   * the layout of the circuits of {@code scheme} (proof.md §9: 632 elements for WebAuthn).
   */
  public static List<Fr> slot(
      int scheme, Transaction tx, AccountConfig previous, boolean created, TreeWitness tree) {
    List<Fr> f = new ArrayList<>(slotElements(scheme));
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
    addSchemeFields(f, scheme, tx);
    return checked(f, scheme);
  }

  /**
   * The elements of the slot of a forced transaction rejected by proof (proof.md §7.4): the account
   * as the tree shows it (its leaf and configuration, or the low leaf of its absence; the
   * creation's initial configuration when it is absent and the transaction creates it), the key the
   * L1 queue recorded as the signer's, and no tree write.
   */
  public static List<Fr> rejectedSlot(TxOutcome.ForcedRejected r, Optional<PublicKey> signer) {
    return rejectedSlot(PublicKey.SCHEME_SECP256K1, r, signer);
  }

  /**
   * The elements of a rejected forced transaction's slot as {@link
   * #rejectedSlot(TxOutcome.ForcedRejected, Optional)}, in the layout of the circuits of {@code
   * scheme} (an unsigned {@code FinaliseRecovery} may be in a batch of any scheme).
   */
  public static List<Fr> rejectedSlot(
      int scheme, TxOutcome.ForcedRejected r, Optional<PublicKey> signer) {
    Transaction tx = r.tx();
    boolean absent = r.read() instanceof TxOutcome.AccountRead.Absent;
    Optional<AccountCreation> creation = absent ? tx.creation() : Optional.empty();
    List<Fr> f = new ArrayList<>(slotElements(scheme));
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
    addSchemeFields(f, scheme, tx);
    return checked(f, scheme);
  }

  /** Elements of the opened configuration (4–24). */
  private static final int CONFIG_ELEMENTS = 21;

  private static int slotElements(int scheme) {
    return new BatchCircuit(scheme, 1).slotElements();
  }

  private static List<Fr> checked(List<Fr> f, int scheme) {
    if (f.size() != slotElements(scheme)) {
      throw new IllegalStateException("slot layout has " + f.size() + " elements");
    }
    return List.copyOf(f);
  }

  /**
   * What the circuit of {@code scheme} appends to the slot (proof.md §9): nothing for schemes 1 and
   * 2; for WebAuthn the authenticatorData and clientDataJSON of the transaction's assertion (their
   * lengths, then one byte per element, zeros past the lengths), all zeros for an unsigned slot.
   */
  private static void addSchemeFields(List<Fr> f, int scheme, Transaction tx) {
    if (scheme != PublicKey.SCHEME_WEBAUTHN) {
      return;
    }
    Optional<TxSignature> sig = tx.txSignature();
    if (sig.isEmpty()) {
      zeros(f, BatchCircuit.WEBAUTHN_EXTRA_ELEMENTS);
      return;
    }
    if (!(sig.get() instanceof WebAuthnSignature w)) {
      throw new IllegalArgumentException(
          "a WebAuthn slot needs a WebAuthn assertion, not a signature of scheme "
              + sig.get().scheme());
    }
    List<Fr> extra = new ArrayList<>(BatchCircuit.WEBAUTHN_EXTRA_ELEMENTS);
    extra.add(Fr.of(w.authenticatorData().size()));
    extra.add(Fr.of(w.clientDataJSON().size()));
    addBytes(extra, w.authenticatorData(), WebAuthnSignature.MAX_AUTHENTICATOR_DATA);
    addBytes(extra, w.clientDataJSON(), WebAuthnSignature.MAX_CLIENT_DATA_JSON);
    checkWebAuthnElements(extra);
    f.addAll(extra);
  }

  /** {@code b}'s bytes, one per element, then zeros up to {@code size}. */
  private static void addBytes(List<Fr> f, Bytes b, int size) {
    for (int i = 0; i < size; i++) {
      f.add(i < b.size() ? Fr.of(b.get(i) & 0xff) : Fr.ZERO);
    }
  }

  /**
   * The layout of a WebAuthn slot's last 514 elements (proof.md §9): lengths both 0 (no signature)
   * or within the bounds of passkeys.md §4.1, bytes below 256, zeros past the lengths.
   *
   * @throws IllegalArgumentException if they break it
   */
  private static void checkWebAuthnElements(List<Fr> extra) {
    if (extra.size() != BatchCircuit.WEBAUTHN_EXTRA_ELEMENTS) {
      throw new IllegalArgumentException("WebAuthn elements: " + extra.size());
    }
    BigInteger a = extra.get(0).toBigInteger();
    BigInteger c = extra.get(1).toBigInteger();
    boolean unsigned = a.signum() == 0 && c.signum() == 0;
    if (!unsigned) {
      checkLength(
          "authenticatorData",
          a,
          WebAuthnSignature.MIN_AUTHENTICATOR_DATA,
          WebAuthnSignature.MAX_AUTHENTICATOR_DATA);
      checkLength(
          "clientDataJSON",
          c,
          WebAuthnSignature.MIN_CLIENT_DATA_JSON,
          WebAuthnSignature.MAX_CLIENT_DATA_JSON);
    }
    checkBytes(
        "authenticatorData",
        extra.subList(2, 2 + WebAuthnSignature.MAX_AUTHENTICATOR_DATA),
        a.intValue());
    checkBytes(
        "clientDataJSON",
        extra.subList(2 + WebAuthnSignature.MAX_AUTHENTICATOR_DATA, extra.size()),
        c.intValue());
  }

  private static void checkLength(String what, BigInteger length, int min, int max) {
    if (length.compareTo(BigInteger.valueOf(min)) < 0
        || length.compareTo(BigInteger.valueOf(max)) > 0) {
      throw new IllegalArgumentException(
          "a WebAuthn slot's "
              + what
              + " is "
              + min
              + " to "
              + max
              + " bytes (passkeys.md §4.1), or 0 without a signature: "
              + length);
    }
  }

  private static void checkBytes(String what, List<Fr> bytes, int length) {
    for (int i = 0; i < bytes.size(); i++) {
      BigInteger b = bytes.get(i).toBigInteger();
      if (b.bitLength() > 8 || (i >= length && b.signum() != 0)) {
        throw new IllegalArgumentException(
            "a WebAuthn slot's "
                + what
                + " element "
                + i
                + " is "
                + b
                + " (length "
                + length
                + ")");
      }
    }
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

  /**
   * The signer's key and the signature's (r, s), as 128-bit halves (proof.md §2.2, §9: the P-256
   * point and the assertion's (r, s) for passkeys); zeros when unsigned.
   */
  private static void addSignature(List<Fr> f, Transaction tx, Optional<PublicKey> signer) {
    Optional<TxSignature> sig = tx.txSignature();
    if (signer.isEmpty() || sig.isEmpty()) {
      zeros(f, 8);
      return;
    }
    halves(f, signer.get().x());
    halves(f, signer.get().y());
    switch (sig.get()) {
      case Signature k -> {
        halves(f, k.r());
        halves(f, k.s());
      }
      case P256Signature p -> {
        halves(f, p.r());
        halves(f, p.s());
      }
      case WebAuthnSignature w -> {
        halves(f, w.signature().r());
        halves(f, w.signature().s());
      }
    }
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
