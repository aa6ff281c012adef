package io.keystore.sdk;

import io.keystore.state.account.AccountConfig;
import io.keystore.state.account.AccountCreation;
import io.keystore.state.account.PendingRecovery;
import io.keystore.state.account.SpendingRules;
import io.keystore.state.account.StateHashing;
import io.keystore.state.api.AccountProof;
import io.keystore.state.crypto.PrivateKey;
import io.keystore.state.crypto.PublicKey;
import io.keystore.state.crypto.Signature;
import io.keystore.state.crypto.TxSignature;
import io.keystore.state.tree.Leaf;
import io.keystore.state.tx.TxCodec;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;

/**
 * The mini-account's proof and signature encodings (docs/spec/mini-account.md §2, §3): a node's
 * account proof made relative to the L2 oracle's frontier {@code (k, F_k)} (the first k siblings
 * only), and {@code mode ‖ root ‖ r ‖ s ‖ v [‖ proof ‖ rules]}. A member whose configuration has a
 * pending recovery is proven with kind 2 (the recovery opened: the account sees whether it is
 * frozen), otherwise kind 0. Stateless.
 */
public final class MiniAccountSignatures {

  /** How the account treats the key (mini-account.md §3). */
  public enum Mode {
    /** The key cached for (account, keystore address, root); no proof. */
    CACHED(0),
    /** Proven, nothing cached. */
    PROOF(1),
    /** Proven, and cached for later operations with the same root. */
    PROOF_AND_CACHE(2);

    private final int code;

    Mode(int code) {
      this.code = code;
    }

    public int code() {
      return code;
    }
  }

  private MiniAccountSignatures() {}

  /** Proof kinds (mini-account.md §2). */
  static final int KIND_MEMBER = 0;

  static final int KIND_ABSENT = 1;
  static final int KIND_MEMBER_RECOVERY = 2;

  /**
   * The frontier-relative proof of §2: kind ‖ index (u32) ‖ body ‖ the first {@code height}
   * siblings; kind 0 (member), 1 (absent) or 2 (member with a pending recovery, opened).
   *
   * @param proof the node's proof for the account at the root the oracle knows
   * @param height k, the oracle's frontier height for that root
   * @param creation the account's salt and initial settings, needed for a non-membership proof
   * @throws IllegalArgumentException if the leaf index is not below 2^k or a non-membership proof
   *     comes without the creation data
   */
  public static Bytes proof(AccountProof proof, int height, Optional<AccountCreation> creation) {
    return switch (proof) {
      case AccountProof.Member m ->
          encode(
              m.config().pendingRecovery().isPresent() ? KIND_MEMBER_RECOVERY : KIND_MEMBER,
              m.proof().index(),
              member(m),
              m.proof().siblings(),
              height);
      case AccountProof.NonMember n ->
          encode(
              KIND_ABSENT,
              n.proof().lowLeafIndex(),
              absent(
                  n,
                  creation.orElseThrow(
                      () ->
                          new IllegalArgumentException(
                              "a non-membership proof needs the account's creation data"))),
              n.proof().siblings(),
              height);
    };
  }

  /** mode ‖ root ‖ r ‖ s ‖ v ‖ proof ‖ rules (the rules only when given). */
  public static Bytes withProof(
      Mode mode, Bytes32 root, Signature signature, Bytes proof, Optional<SpendingRules> rules) {
    if (mode == Mode.CACHED) {
      throw new IllegalArgumentException("the cached mode carries no proof");
    }
    return Bytes.concatenate(
        header(mode, root, signature),
        proof,
        rules.filter(r -> !r.isEmpty()).map(TxCodec::encodeSpendingRules).orElse(Bytes.EMPTY));
  }

  /** mode 0 ‖ root ‖ r ‖ s ‖ v: the key cached for that root. */
  public static Bytes cached(Bytes32 root, Signature signature) {
    return header(Mode.CACHED, root, signature);
  }

  /**
   * mode ‖ root ‖ owner signature ‖ proof ‖ rules for an owner of any scheme (mini-account.md §3):
   * the type byte is {@code 16·(scheme − 1) + mode}; a secp256k1 signature is r ‖ s ‖ v, a P-256
   * one r ‖ s, a WebAuthn one the assertion's wire body (passkeys.md §4.1). The proof opens the
   * key, so it is not repeated.
   */
  public static Bytes withProof(
      Mode mode, Bytes32 root, TxSignature signature, Bytes proof, Optional<SpendingRules> rules) {
    if (mode == Mode.CACHED) {
      throw new IllegalArgumentException("the cached mode carries no proof");
    }
    return Bytes.concatenate(
        header(mode, root, signature),
        proof,
        rules.filter(r -> !r.isEmpty()).map(TxCodec::encodeSpendingRules).orElse(Bytes.EMPTY));
  }

  /**
   * The cached mode for an owner of any scheme: type ‖ root ‖ owner signature, then, for a P-256 or
   * WebAuthn owner, the key x ‖ y (the cache names it by keccak256(scheme ‖ x ‖ y)).
   */
  public static Bytes cached(Bytes32 root, TxSignature signature, PublicKey owner) {
    if (owner.scheme() != signature.scheme()) {
      throw new IllegalArgumentException(
          "a scheme-" + signature.scheme() + " signature for a scheme-" + owner.scheme() + " key");
    }
    Bytes key =
        owner.scheme() == PublicKey.SCHEME_SECP256K1
            ? Bytes.EMPTY
            : Bytes.concatenate(word(owner.x()), word(owner.y()));
    return Bytes.concatenate(header(Mode.CACHED, root, signature), key);
  }

  /** The owner's signature of a user operation: personal_sign of its userOpHash. */
  public static Signature signUserOp(PrivateKey owner, Bytes32 userOpHash) {
    return owner.sign(UserOperations.signedDigest(userOpHash));
  }

  private static Bytes header(Mode mode, Bytes32 root, TxSignature signature) {
    int type = 16 * (signature.scheme() - 1) + mode.code();
    return Bytes.concatenate(Bytes.of(type), root, signature.toBytes());
  }

  /**
   * Kind 0: nextKey ‖ ownerX ‖ ownerY ‖ guardianSetHash ‖ spendingRulesHash ‖ nonce ‖ recoveryEpoch
   * ‖ pendingRecoveryHash (0) ‖ pendingUpdateHash; kind 2 opens the pending recovery in place of
   * its hash: proposedOwnerKeyHash ‖ votes ‖ executableAfter.
   */
  private static List<Bytes> member(AccountProof.Member m) {
    AccountConfig c = m.config();
    List<Bytes> body = new ArrayList<>();
    body.add(m.proof().leaf().nextKey());
    body.add(word(c.owner().x()));
    body.add(word(c.owner().y()));
    body.add(StateHashing.guardianSetHash(c.guardianSet()).toBytes());
    body.add(c.spendingRulesHash().toBytes());
    body.add(word(BigInteger.valueOf(c.nonce())));
    body.add(word(BigInteger.valueOf(c.recoveryEpoch())));
    if (c.pendingRecovery().isPresent()) {
      PendingRecovery p = c.pendingRecovery().get();
      body.add(StateHashing.keyHash(p.proposedOwner()).toBytes());
      body.add(word(BigInteger.valueOf(votes(p))));
      body.add(word(BigInteger.valueOf(p.executableAfter())));
    } else {
      body.add(Bytes32.ZERO);
    }
    body.add(StateHashing.pendingUpdateHash(c.pendingUpdate()).toBytes());
    return body;
  }

  /** The hashed votes element of a pending recovery (state.md §4.3): approvals + 16 · vetoes. */
  static int votes(PendingRecovery p) {
    return p.votes();
  }

  private static List<Bytes> absent(AccountProof.NonMember n, AccountCreation creation) {
    Leaf low = n.proof().lowLeaf();
    PublicKey owner = creation.settings().owner();
    return List.of(
        low.key(),
        low.nextKey(),
        low.value(),
        creation.salt().toBytes(),
        word(owner.x()),
        word(owner.y()),
        StateHashing.guardianSetHash(creation.settings().guardianSet()).toBytes(),
        creation.settings().spendingRulesHash().toBytes());
  }

  private static Bytes encode(
      int kind, long index, List<Bytes> body, List<Bytes32> siblings, int height) {
    if (height < 1 || height > siblings.size()) {
      throw new IllegalArgumentException("frontier height out of range: " + height);
    }
    if (index < 0 || index >= 1L << height) {
      throw new IllegalArgumentException(
          "leaf index " + index + " is not below 2^" + height + ": not a proof for this frontier");
    }
    List<Bytes> parts = new ArrayList<>();
    parts.add(Bytes.of(kind));
    parts.add(Bytes.ofUnsignedInt(index));
    parts.addAll(body);
    parts.addAll(siblings.subList(0, height));
    return Bytes.concatenate(parts.toArray(Bytes[]::new));
  }

  /** A 256-bit big-endian word (key coordinates are secp256k1 values, not field elements). */
  private static Bytes32 word(BigInteger v) {
    return Bytes32.wrap(org.web3j.utils.Numeric.toBytesPadded(v, 32));
  }
}
