package io.keystore.state.stf;

import io.keystore.state.account.AccountConfig;
import io.keystore.state.account.AccountCreation;
import io.keystore.state.account.GuardianSet;
import io.keystore.state.account.PendingRecovery;
import io.keystore.state.account.PendingUpdate;
import io.keystore.state.account.Settings;
import io.keystore.state.account.StateHashing;
import io.keystore.state.account.U64;
import io.keystore.state.crypto.Address;
import io.keystore.state.crypto.Eip712Domain;
import io.keystore.state.crypto.P256;
import io.keystore.state.crypto.P256Signature;
import io.keystore.state.crypto.PublicKey;
import io.keystore.state.crypto.Secp256k1;
import io.keystore.state.crypto.Signature;
import io.keystore.state.crypto.TxSignature;
import io.keystore.state.crypto.WebAuthn;
import io.keystore.state.crypto.WebAuthnSignature;
import io.keystore.state.tx.Transaction;
import io.keystore.state.tx.TypedData;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.apache.tuweni.bytes.Bytes32;

/**
 * The state transition function, the keystore's minimal VM (docs/spec/transactions.md §6): maps an
 * account's current configuration (or its absence) and a transaction at a batch time to the new
 * configuration or a typed rejection. Independent of how the tree is stored; never throws for bad
 * input. Stateless apart from the EIP-712 domain, and thread-safe.
 */
public final class StateTransition {

  private final Eip712Domain domain;
  private final Bytes32 domainSeparator;
  private final Signatures signatures;

  public StateTransition(Eip712Domain domain) {
    this(domain, Signatures.SECP256K1);
  }

  /**
   * With another way of checking signatures: for tests that replay the same signed transactions
   * many times and memoise the (deterministic) verifications.
   */
  StateTransition(Eip712Domain domain, Signatures signatures) {
    this.domain = Objects.requireNonNull(domain, "domain");
    this.domainSeparator = domain.separator();
    this.signatures = Objects.requireNonNull(signatures, "signatures");
  }

  /** Signature verification and recovery ({@link Secp256k1} in production). */
  interface Signatures {
    Signatures SECP256K1 =
        new Signatures() {
          @Override
          public Secp256k1.Verification verify(PublicKey key, Bytes32 digest, Signature sig) {
            return Secp256k1.verify(key, digest, sig);
          }

          @Override
          public Optional<PublicKey> recover(Bytes32 digest, Signature sig) {
            return Secp256k1.recover(digest, sig);
          }
        };

    Secp256k1.Verification verify(PublicKey key, Bytes32 digest, Signature sig);

    Optional<PublicKey> recover(Bytes32 digest, Signature sig);
  }

  public Eip712Domain domain() {
    return domain;
  }

  /** Applies {@code tx} to the account it names, looked up in {@code state}. */
  public TransitionResult apply(AccountView state, Transaction tx, long time) {
    return apply(state.config(tx.account()), tx, time);
  }

  /**
   * Applies {@code tx} to its account's current configuration ({@code current}, empty when the
   * account is absent from the tree) at batch time {@code time} (u64 seconds).
   */
  public TransitionResult apply(Optional<AccountConfig> current, Transaction tx, long time) {
    Objects.requireNonNull(current, "current");
    Objects.requireNonNull(tx, "tx");
    try {
      return applyChecked(current, tx, time);
    } catch (Reject r) {
      return new TransitionResult.Rejected(r.reason, r.getMessage());
    } catch (RuntimeException e) {
      // Malformed input the checks above did not anticipate (e.g. a hand-built record with more
      // guardians than can be hashed): still a typed rejection, never an exception.
      return new TransitionResult.Rejected(RejectionReason.INVALID_CONFIG, String.valueOf(e));
    }
  }

  private TransitionResult applyChecked(Optional<AccountConfig> current, Transaction tx, long time)
      throws Reject {
    if (U64.add(time, GuardianSet.MAX_RECOVERY_DELAY).isEmpty()) {
      throw new Reject(
          RejectionReason.INVALID_TIME, "batch time " + U64.toString(time) + " out of range");
    }
    Set<Effect> effects = EnumSet.noneOf(Effect.class);
    AccountConfig cur = resolve(current, tx, effects);
    AccountConfig next =
        switch (tx) {
          case Transaction.UpdateConfig u -> updateConfig(cur, u, time, effects);
          case Transaction.ApproveRecovery a -> approveRecovery(cur, a, time, effects);
          case Transaction.CancelRecovery c -> cancelRecovery(cur, c, effects);
          case Transaction.FinaliseRecovery f -> finaliseRecovery(cur, time, effects);
        };
    return new TransitionResult.Applied(next, current.isEmpty(), effects);
  }

  // ---------------------------------------------------------------- §6.1 the account

  private static AccountConfig resolve(
      Optional<AccountConfig> current, Transaction tx, Set<Effect> effects) throws Reject {
    Optional<AccountCreation> creation = tx.creation();
    if (current.isPresent()) {
      if (creation.isPresent()) {
        throw new Reject(
            RejectionReason.ACCOUNT_EXISTS,
            "account " + tx.account() + " exists; the transaction must not carry creation data");
      }
      return current.get();
    }
    if (creation.isEmpty()) {
      throw new Reject(
          RejectionReason.ACCOUNT_NOT_FOUND,
          "account "
              + tx.account()
              + " is not in the tree and the transaction carries no creation"
              + " data");
    }
    AccountCreation c = creation.get();
    checkSettings(c.settings(), "initial settings");
    Address derived = c.address();
    if (!derived.equals(tx.account())) {
      throw new Reject(
          RejectionReason.ADDRESS_MISMATCH,
          "creation data gives address " + derived + ", not " + tx.account());
    }
    effects.add(Effect.ACCOUNT_CREATED);
    return c.initialConfig();
  }

  // ---------------------------------------------------------------- §6.2 UpdateConfig

  private AccountConfig updateConfig(
      AccountConfig cur, Transaction.UpdateConfig tx, long time, Set<Effect> effects)
      throws Reject {
    Settings s = tx.newSettings();
    checkSettings(s, "new settings");
    checkNonce(cur, tx.nonce());
    checkSignature(
        cur.owner(),
        TypedData.updateConfigStructHash(tx.account(), tx.nonce(), s.updateCommitment().toBytes()),
        tx.signature(),
        "the owner");
    AccountConfig next = cur.withNonce(cur.nonce() + 1).withOwner(s.owner());
    if (!s.owner().equals(cur.owner())) {
      effects.add(Effect.OWNER_ROTATED);
    }
    boolean unchanged =
        s.guardianSet().equals(cur.guardianSet())
            && s.spendingRulesHash().equals(cur.spendingRulesHash());
    if (cur.guardianSet().size() == 0) {
      next =
          next.withGuardiansAndRules(s.guardianSet(), s.spendingRulesHash())
              .withPendingUpdate(Optional.empty());
      if (!unchanged) {
        effects.add(Effect.SETTINGS_APPLIED_AT_ONCE);
      }
    } else if (unchanged) {
      if (cur.pendingUpdate().isPresent()) {
        effects.add(Effect.UPDATE_WITHDRAWN);
      }
      next = next.withPendingUpdate(Optional.empty());
    } else {
      long after = time + cur.guardianSet().recoveryDelay(); // no overflow: time was checked
      next =
          next.withPendingUpdate(
              Optional.of(new PendingUpdate(s.guardianSet(), s.spendingRulesHash(), after)));
      effects.add(Effect.UPDATE_PENDING);
    }
    return next;
  }

  // ---------------------------------------------------------------- §6.3 ApproveRecovery

  private AccountConfig approveRecovery(
      AccountConfig cur, Transaction.ApproveRecovery tx, long time, Set<Effect> effects)
      throws Reject {
    int i = tx.guardianIndex();
    GuardianSet gs = cur.guardianSet();
    if (i >= gs.size()) {
      throw new Reject(
          RejectionReason.NOT_A_GUARDIAN,
          "guardian index " + i + " is empty: the account has " + gs.size() + " guardians");
    }
    if (tx.recoveryEpoch() != cur.recoveryEpoch()) {
      throw new Reject(
          RejectionReason.BAD_RECOVERY_EPOCH,
          "approval signed for recovery epoch "
              + U64.toString(tx.recoveryEpoch())
              + ", the account is at "
              + U64.toString(cur.recoveryEpoch()));
    }
    checkSignature(
        gs.guardians().get(i),
        TypedData.approveRecoveryStructHash(
            tx.account(), StateHashing.keyHash(tx.newOwner()).toBytes(), tx.recoveryEpoch()),
        tx.signature(),
        "guardian " + i);

    Optional<PendingRecovery> pr = cur.pendingRecovery();
    if (PendingRecovery.isVetoKey(tx.newOwner())) {
      if (pr.isEmpty() || !pr.get().reachedThreshold()) {
        throw new Reject(RejectionReason.NOTHING_PENDING, "no recovery at its threshold to veto");
      }
      if (pr.get().vetoedBy(i)) {
        throw new Reject(
            RejectionReason.DUPLICATE_APPROVAL, "guardian " + i + " already vetoed this recovery");
      }
      effects.add(Effect.RECOVERY_VETOED);
      return cur.withPendingRecovery(Optional.of(pr.get().withVeto(i)));
    }
    PendingRecovery next;
    if (pr.isEmpty() || !pr.get().proposedOwner().equals(tx.newOwner())) {
      if (pr.isPresent() && pr.get().reachedThreshold()) {
        throw new Reject(
            RejectionReason.RECOVERY_IN_PROGRESS,
            "a recovery to "
                + pr.get().proposedOwner().ethereumAddress()
                + " has reached its threshold; it must be finalised, or vetoed and cancelled,"
                + " first");
      }
      next = new PendingRecovery(tx.newOwner(), 1 << i, 0, 0);
      effects.add(Effect.RECOVERY_PROPOSED);
    } else {
      PendingRecovery p = pr.get();
      if (p.approvedBy(i)) {
        throw new Reject(
            RejectionReason.DUPLICATE_APPROVAL,
            "guardian " + i + " already approved this recovery");
      }
      next = p.withApproval(i); // keeps the vetoes
    }
    effects.add(Effect.RECOVERY_APPROVED);
    AccountConfig out = cur;
    if (next.approvalCount() >= gs.threshold() && next.executableAfter() == 0) {
      next = next.withExecutableAfter(time + gs.recoveryDelay());
      effects.add(Effect.RECOVERY_THRESHOLD_REACHED);
      if (cur.pendingUpdate().isPresent()) {
        effects.add(Effect.PENDING_UPDATE_DROPPED);
      }
      out = out.withPendingUpdate(Optional.empty());
    }
    return out.withPendingRecovery(Optional.of(next));
  }

  // ---------------------------------------------------------------- §6.4 CancelRecovery

  private AccountConfig cancelRecovery(
      AccountConfig cur, Transaction.CancelRecovery tx, Set<Effect> effects) throws Reject {
    checkNonce(cur, tx.nonce());
    checkSignature(
        cur.owner(),
        TypedData.cancelRecoveryStructHash(tx.account(), tx.nonce()),
        tx.signature(),
        "the owner");
    if (cur.pendingRecovery().isEmpty()) {
      throw new Reject(RejectionReason.NOTHING_PENDING, "no pending recovery to cancel");
    }
    if (cur.pendingRecovery().get().vetoes() == 0) {
      throw new Reject(
          RejectionReason.GUARDIAN_VETO_REQUIRED,
          "no guardian vetoed the pending recovery: the owner alone cannot cancel it");
    }
    long epoch = nextEpoch(cur);
    effects.add(Effect.RECOVERY_CANCELLED);
    return cur.withPendingRecovery(Optional.empty())
        .withRecoveryEpoch(epoch)
        .withNonce(cur.nonce() + 1);
  }

  // ---------------------------------------------------------------- §6.5 FinaliseRecovery

  private static AccountConfig finaliseRecovery(AccountConfig cur, long time, Set<Effect> effects)
      throws Reject {
    long epoch = nextEpoch(cur);
    Optional<PendingRecovery> pr = cur.pendingRecovery();
    Optional<PendingUpdate> pu = cur.pendingUpdate();
    if (pr.isPresent() && pr.get().reachedThreshold()) {
      PendingRecovery p = pr.get();
      if (!U64.geq(time, p.executableAfter())) {
        throw new Reject(
            RejectionReason.DELAY_NOT_PASSED,
            "the recovery is executable after "
                + U64.toString(p.executableAfter())
                + ", batch time is "
                + U64.toString(time));
      }
      effects.add(Effect.RECOVERY_FINALISED);
      if (pu.isPresent()) {
        effects.add(Effect.PENDING_UPDATE_DROPPED);
      }
      return cur.withOwner(p.proposedOwner())
          .withPendingRecovery(Optional.empty())
          .withPendingUpdate(Optional.empty())
          .withRecoveryEpoch(epoch);
    }
    if (pu.isPresent()) {
      PendingUpdate p = pu.get();
      if (!U64.geq(time, p.executableAfter())) {
        throw new Reject(
            RejectionReason.DELAY_NOT_PASSED,
            "the pending update is executable after "
                + U64.toString(p.executableAfter())
                + ", batch time is "
                + U64.toString(time));
      }
      effects.add(Effect.PENDING_UPDATE_APPLIED);
      if (pr.isPresent()) {
        effects.add(Effect.PENDING_RECOVERY_DISCARDED);
      }
      return cur.withGuardiansAndRules(p.guardianSet(), p.spendingRulesHash())
          .withPendingUpdate(Optional.empty())
          .withPendingRecovery(Optional.empty())
          .withRecoveryEpoch(epoch);
    }
    if (pr.isPresent()) {
      throw new Reject(
          RejectionReason.THRESHOLD_NOT_REACHED,
          "the recovery has "
              + pr.get().approvalCount()
              + " of "
              + cur.guardianSet().threshold()
              + " approvals");
    }
    throw new Reject(RejectionReason.NOTHING_PENDING, "no pending recovery or update");
  }

  // ---------------------------------------------------------------- checks

  private static void checkSettings(Settings s, String what) throws Reject {
    Optional<String> err = s.validationError();
    if (err.isPresent()) {
      throw new Reject(RejectionReason.INVALID_CONFIG, what + ": " + err.get());
    }
  }

  private static void checkNonce(AccountConfig cur, long nonce) throws Reject {
    if (nonce != cur.nonce()) {
      throw new Reject(
          RejectionReason.BAD_NONCE,
          "nonce " + U64.toString(nonce) + ", the account's is " + U64.toString(cur.nonce()));
    }
    if (cur.nonce() == U64.MAX) {
      throw new Reject(RejectionReason.COUNTER_OVERFLOW, "the nonce is exhausted");
    }
  }

  private static long nextEpoch(AccountConfig cur) throws Reject {
    OptionalLong e = U64.add(cur.recoveryEpoch(), 1);
    if (e.isEmpty()) {
      throw new Reject(RejectionReason.COUNTER_OVERFLOW, "the recovery epoch is exhausted");
    }
    return e.getAsLong();
  }

  /**
   * transactions.md §6.2 step 3 and its like: the signature must be valid for {@code signer} with
   * the signer's own scheme (passkeys.md §1). Otherwise WRONG_SIGNER when it is valid for another
   * key (of its own scheme: a signature of another scheme than the signer's is never the signer's),
   * BAD_SIGNATURE when it is valid for no key.
   */
  private void checkSignature(PublicKey signer, Bytes32 structHash, TxSignature sig, String who)
      throws Reject {
    Bytes32 digest = Eip712Domain.digestWith(domainSeparator, structHash);
    Optional<String> otherSigner;
    switch (sig) {
      case Signature s -> {
        if (signer.scheme() == PublicKey.SCHEME_SECP256K1) {
          switch (signatures.verify(signer, digest, s)) {
            case VALID -> {
              return;
            }
            case OTHER_KEY -> {}
            case INVALID -> throw badSignature();
          }
        }
        otherSigner = signatures.recover(digest, s).map(StateTransition::describe);
        if (signer.scheme() == PublicKey.SCHEME_SECP256K1 && otherSigner.isEmpty()) {
          otherSigner = Optional.of("?");
        }
      }
      case P256Signature p -> {
        if (signer.scheme() == PublicKey.SCHEME_P256 && P256.verify(signer, digest, p)) {
          return;
        }
        otherSigner =
            P256.recoverAny(PublicKey.SCHEME_P256, digest, p).map(k -> "another P-256 key");
      }
      case WebAuthnSignature w -> {
        if (!w.clientDataJSON()
            .slice(0, WebAuthn.PREFIX_LENGTH)
            .equals(WebAuthn.clientDataPrefix(digest))) {
          throw new Reject(
              RejectionReason.BAD_SIGNATURE,
              "the WebAuthn assertion's clientDataJSON does not start with type webauthn.get and"
                  + " this transaction's digest as its challenge");
        }
        if ((w.flags() & WebAuthn.FLAG_UP) == 0) {
          throw new Reject(
              RejectionReason.BAD_SIGNATURE,
              "the WebAuthn assertion's user-present flag (UP) is clear");
        }
        Bytes32 message = WebAuthn.messageHash(w);
        if (signer.scheme() == PublicKey.SCHEME_WEBAUTHN
            && P256.verify(signer, message, w.signature())) {
          return;
        }
        otherSigner =
            P256.recoverAny(PublicKey.SCHEME_WEBAUTHN, message, w.signature())
                .map(k -> "another WebAuthn key");
      }
    }
    if (otherSigner.isEmpty()) {
      throw badSignature();
    }
    throw new Reject(
        RejectionReason.WRONG_SIGNER,
        "signed by " + otherSigner.get() + ", not by " + who + " (" + describe(signer) + ")");
  }

  private static Reject badSignature() {
    return new Reject(RejectionReason.BAD_SIGNATURE, "the signature is valid for no key");
  }

  /** A key for messages: its address (secp256k1), else its scheme and point. */
  private static String describe(PublicKey key) {
    return key.address()
        .map(Object::toString)
        .orElseGet(() -> "scheme " + key.scheme() + " key " + key.toUncompressed().toHexString());
  }

  /** A rejection, thrown inside the transition and turned into a result at its boundary. */
  private static final class Reject extends Exception {
    final RejectionReason reason;

    Reject(RejectionReason reason, String message) {
      super(message, null, false, false);
      this.reason = reason;
    }
  }
}
