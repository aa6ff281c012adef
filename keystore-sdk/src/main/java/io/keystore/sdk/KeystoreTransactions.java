package io.keystore.sdk;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keystore.state.account.AccountConfig;
import io.keystore.state.account.AccountCreation;
import io.keystore.state.account.GuardianSet;
import io.keystore.state.account.PendingRecovery;
import io.keystore.state.account.Settings;
import io.keystore.state.account.SpendingRules;
import io.keystore.state.account.StateHashing;
import io.keystore.state.account.U64;
import io.keystore.state.crypto.Eip712Domain;
import io.keystore.state.crypto.PublicKey;
import io.keystore.state.tx.Transaction;
import io.keystore.state.tx.TxJson;
import io.keystore.state.tx.TxType;
import io.keystore.state.tx.TypedData;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes32;

/**
 * Builds keystore transactions for one deployment (its EIP-712 domain): each owner- or
 * guardian-signed transaction comes as an {@link UnsignedTransaction} to sign locally or in a
 * wallet. The builders fill in the nonce, the recovery epoch and the creation data from the {@link
 * AccountState}, and refuse what the keystore would certainly reject (invalid settings, a key that
 * is not a guardian, nothing to cancel or finalise). They cannot know the batch time, so a
 * finalisation may still be early (DELAY_NOT_PASSED).
 */
public final class KeystoreTransactions {

  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private final Eip712Domain domain;

  public KeystoreTransactions(Eip712Domain domain) {
    this.domain = Objects.requireNonNull(domain, "domain");
  }

  public Eip712Domain domain() {
    return domain;
  }

  /**
   * Writes a counterfactual account into the keystore with its initial settings (an UpdateConfig
   * that changes nothing but creates the leaf). Not required: an account is usable on L2 from its
   * address alone, and its first real update carries the creation data anyway.
   */
  public UnsignedTransaction createAccount(AccountCreation creation) {
    return updateSettings(AccountState.counterfactual(creation), creation.settings());
  }

  /** Rotates the owner key (at once); guardians and rules stay as they are. */
  public UnsignedTransaction rotateOwner(AccountState account, PublicKey newOwner) {
    Settings cur = account.config().settings();
    return updateSettings(
        account, new Settings(newOwner, cur.guardianSet(), cur.spendingRulesHash()));
  }

  /**
   * Sets the guardians, threshold and recovery delay. With guardians in place the change waits out
   * the current recovery delay and takes effect by a finalisation.
   */
  public UnsignedTransaction setGuardians(
      AccountState account, List<PublicKey> guardians, int threshold, long recoveryDelay) {
    Settings cur = account.config().settings();
    return updateSettings(
        account,
        new Settings(
            cur.owner(),
            new GuardianSet(guardians, threshold, recoveryDelay),
            cur.spendingRulesHash()));
  }

  /**
   * Sets the spending rules (state.md §8; the keystore stores their hash, the mini-account the
   * list). Like guardian changes, it waits out the recovery delay when the account has guardians.
   */
  public UnsignedTransaction setSpendingRules(AccountState account, SpendingRules rules) {
    Settings cur = account.config().settings();
    return updateSettings(account, new Settings(cur.owner(), cur.guardianSet(), rules.hash()));
  }

  /**
   * An owner-signed UpdateConfig to the full desired settings (transactions.md §6.2).
   *
   * @throws IllegalArgumentException if the settings are not valid
   */
  public UnsignedTransaction updateSettings(AccountState account, Settings newSettings) {
    newSettings
        .validationError()
        .ifPresent(
            e -> {
              throw new IllegalArgumentException("invalid settings: " + e);
            });
    AccountConfig cur = account.config();
    long nonce = cur.nonce();
    Bytes32 commitment = newSettings.updateCommitment().toBytes();
    Bytes32 digest =
        domain.digest(TypedData.updateConfigStructHash(account.address(), nonce, commitment));
    ObjectNode preimage = F.objectNode();
    preimage.put("newConfigCommitment", commitment.toHexString());
    preimage.set("newSettings", settingsJson(newSettings));
    Optional<AccountCreation> creation = account.creation();
    return new UnsignedTransaction(
        TxType.UPDATE_CONFIG,
        account.address(),
        cur.owner(),
        digest,
        TypedDataJson.updateConfig(domain, account.address(), nonce, commitment),
        preimage,
        updateNotes(cur, newSettings),
        sig -> new Transaction.UpdateConfig(account.address(), nonce, newSettings, creation, sig));
  }

  /**
   * A guardian's approval of {@code newOwner}, by the guardian's index. An approval of {@link
   * PendingRecovery#VETO_KEY} is a veto ({@link #vetoRecovery(AccountState, int)}).
   *
   * @throws IllegalArgumentException if the index names no guardian
   */
  public UnsignedTransaction approveRecovery(
      AccountState account, int guardianIndex, PublicKey newOwner) {
    if (PendingRecovery.isVetoKey(newOwner)) {
      return vetoRecovery(account, guardianIndex);
    }
    return approval(
        account, guardianIndex, newOwner, approvalNotes(account.config(), guardianIndex, newOwner));
  }

  /**
   * A guardian's veto of the pending recovery (transactions.md §6.3): an ApproveRecovery of {@link
   * PendingRecovery#VETO_KEY}, signed as {@code ApproveRecovery(account, VETO_KEY_HASH,
   * recoveryEpoch)}. It stops nothing by itself: it lets the owner cancel the recovery ({@link
   * #cancelRecovery}), which the owner alone cannot.
   *
   * @throws IllegalArgumentException if the index names no guardian
   * @throws IllegalStateException if no recovery has reached its threshold (NOTHING_PENDING)
   */
  public UnsignedTransaction vetoRecovery(AccountState account, int guardianIndex) {
    AccountConfig cur = account.config();
    Optional<PendingRecovery> pr = cur.pendingRecovery();
    if (pr.isEmpty() || !pr.get().reachedThreshold()) {
      throw new IllegalStateException(
          "account "
              + account.address()
              + " has no recovery at its threshold to veto"
              + pr.map(p -> " (its recovery has " + p.approvalCount() + " approvals)").orElse(""));
    }
    List<String> notes = new ArrayList<>();
    notes.add(
        "vetoes the recovery to "
            + Keys.describe(pr.get().proposedOwner())
            + ": it stops nothing by itself, but lets the owner cancel it (cancel-recovery)");
    if (guardianIndex >= 0 && pr.get().vetoedBy(guardianIndex)) {
      notes.add(
          "warning: guardian "
              + guardianIndex
              + " already vetoed this recovery (DUPLICATE_APPROVAL)");
    }
    return approval(account, guardianIndex, PendingRecovery.VETO_KEY, notes);
  }

  /**
   * A guardian's veto of the pending recovery, by the guardian's key ({@link
   * #vetoRecovery(AccountState, int)}).
   *
   * @throws IllegalArgumentException if the key is not a guardian of the account
   * @throws IllegalStateException if no recovery has reached its threshold
   */
  public UnsignedTransaction vetoRecovery(AccountState account, PublicKey guardian) {
    return vetoRecovery(account, guardianIndex(account, guardian));
  }

  private UnsignedTransaction approval(
      AccountState account, int guardianIndex, PublicKey newOwner, List<String> notes) {
    List<PublicKey> guardians = account.config().guardianSet().guardians();
    if (guardianIndex < 0 || guardianIndex >= guardians.size()) {
      throw new IllegalArgumentException(
          "guardian index "
              + guardianIndex
              + " names no guardian: the account has "
              + guardians.size());
    }
    long epoch = account.config().recoveryEpoch();
    Bytes32 keyHash = StateHashing.keyHash(newOwner).toBytes();
    Bytes32 digest =
        domain.digest(TypedData.approveRecoveryStructHash(account.address(), keyHash, epoch));
    ObjectNode preimage = F.objectNode();
    preimage.put("newOwnerKeyHash", keyHash.toHexString());
    preimage.set("newOwner", TxJson.key(newOwner));
    preimage.put("guardianIndex", guardianIndex);
    Optional<AccountCreation> creation = account.creation();
    return new UnsignedTransaction(
        TxType.APPROVE_RECOVERY,
        account.address(),
        guardians.get(guardianIndex),
        digest,
        TypedDataJson.approveRecovery(domain, account.address(), keyHash, epoch),
        preimage,
        notes,
        sig ->
            new Transaction.ApproveRecovery(
                account.address(), guardianIndex, newOwner, epoch, creation, sig));
  }

  /**
   * A guardian's approval of {@code newOwner}, by the guardian's key.
   *
   * @throws IllegalArgumentException if the key is not a guardian of the account
   */
  public UnsignedTransaction approveRecovery(
      AccountState account, PublicKey guardian, PublicKey newOwner) {
    return approveRecovery(account, guardianIndex(account, guardian), newOwner);
  }

  private static int guardianIndex(AccountState account, PublicKey guardian) {
    int index = account.config().guardianSet().guardians().indexOf(guardian);
    if (index < 0) {
      throw new IllegalArgumentException(
          Keys.describe(guardian) + " is not a guardian of account " + account.address());
    }
    return index;
  }

  /**
   * The owner's cancel of the pending recovery (transactions.md §6.4): only once a guardian has
   * vetoed it; the owner alone can never cancel a recovery.
   *
   * @throws IllegalStateException if no recovery is pending, or no guardian vetoed it
   *     (GUARDIAN_VETO_REQUIRED)
   */
  public UnsignedTransaction cancelRecovery(AccountState account) {
    AccountConfig cur = account.config();
    if (cur.pendingRecovery().isEmpty()) {
      throw new IllegalStateException(
          "account " + account.address() + " has no pending recovery to cancel");
    }
    if (cur.pendingRecovery().get().vetoes() == 0) {
      throw new IllegalStateException(
          "no guardian vetoed the pending recovery of account "
              + account.address()
              + ": the owner cancels only after a guardian's veto (GUARDIAN_VETO_REQUIRED)");
    }
    long nonce = cur.nonce();
    Bytes32 digest = domain.digest(TypedData.cancelRecoveryStructHash(account.address(), nonce));
    ObjectNode preimage = F.objectNode();
    preimage.set("proposedOwner", TxJson.key(cur.pendingRecovery().get().proposedOwner()));
    return new UnsignedTransaction(
        TxType.CANCEL_RECOVERY,
        account.address(),
        cur.owner(),
        digest,
        TypedDataJson.cancelRecovery(domain, account.address(), nonce),
        preimage,
        List.of(
            "cancels the recovery to "
                + Keys.describe(cur.pendingRecovery().get().proposedOwner())
                + " and starts a new recovery round (guardians' approvals so far are void)"),
        sig -> new Transaction.CancelRecovery(account.address(), nonce, sig));
  }

  /**
   * Makes a due recovery, or else a due pending update, take effect (unsigned: anyone may send it).
   *
   * @throws IllegalStateException if nothing that a finalisation could apply is pending
   */
  public Transaction.FinaliseRecovery finaliseRecovery(AccountState account) {
    AccountConfig cur = account.config();
    boolean recoveryDue =
        cur.pendingRecovery().map(PendingRecovery::reachedThreshold).orElse(false);
    if (!recoveryDue && cur.pendingUpdate().isEmpty()) {
      throw new IllegalStateException(
          "account "
              + account.address()
              + " has nothing to finalise: "
              + cur.pendingRecovery()
                  .map(
                      p ->
                          "its recovery has "
                              + p.approvalCount()
                              + " of "
                              + cur.guardianSet().threshold()
                              + " approvals")
                  .orElse("no recovery or update is pending"));
    }
    return new Transaction.FinaliseRecovery(account.address());
  }

  /** The settings as JSON, keys with their Ethereum addresses. */
  static ObjectNode settingsJson(Settings s) {
    ObjectNode c = TxJson.toJsonNode(AccountConfig.initial(s));
    c.remove(List.of("nonce", "recoveryEpoch", "pendingRecovery", "pendingUpdate", "configHash"));
    return c;
  }

  private static List<String> updateNotes(AccountConfig cur, Settings next) {
    List<String> notes = new ArrayList<>();
    if (!next.owner().equals(cur.owner())) {
      notes.add(
          "the owner key becomes "
              + Keys.describe(next.owner())
              + " as soon as the batch is applied");
    }
    if (next.guardianSet().guardians().contains(next.owner())) {
      notes.add(
          "warning: the owner key is also a guardian, so it counts towards the recovery threshold");
    }
    boolean sameRest =
        next.guardianSet().equals(cur.guardianSet())
            && next.spendingRulesHash().equals(cur.spendingRulesHash());
    if (cur.pendingUpdate().isPresent()) {
      notes.add(
          sameRest
              ? "this withdraws the pending change of guardians or spending rules"
              : "this replaces the pending change of guardians or spending rules (its delay restarts)");
    }
    if (!sameRest && cur.guardianSet().size() > 0) {
      notes.add(
          "the change of guardians or spending rules waits out the recovery delay ("
              + U64.toString(cur.guardianSet().recoveryDelay())
              + " s) and then takes effect with a finalise-recovery; guardians can stop it by recovering the account");
    }
    return notes;
  }

  private static List<String> approvalNotes(AccountConfig cur, int index, PublicKey newOwner) {
    List<String> notes = new ArrayList<>();
    Optional<PendingRecovery> pr = cur.pendingRecovery();
    if (pr.isPresent() && pr.get().proposedOwner().equals(newOwner) && pr.get().approvedBy(index)) {
      notes.add(
          "warning: guardian " + index + " already approved this proposal (DUPLICATE_APPROVAL)");
    } else if (pr.isPresent() && !pr.get().proposedOwner().equals(newOwner)) {
      notes.add(
          pr.get().reachedThreshold()
              ? "warning: another proposal reached its threshold; this approval will be refused (RECOVERY_IN_PROGRESS)"
              : "this replaces the pending proposal for "
                  + Keys.describe(pr.get().proposedOwner())
                  + " and drops its approvals");
    }
    return notes;
  }
}
