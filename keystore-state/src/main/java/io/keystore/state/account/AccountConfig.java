package io.keystore.state.account;

import io.keystore.state.crypto.PublicKey;
import io.keystore.state.hash.Fr;
import java.util.Objects;
import java.util.Optional;

/**
 * An account's configuration, the preimage of its leaf value (docs/spec/state.md §4): owner,
 * guardian set, spending rules hash, nonce, recovery epoch, and what is pending. Immutable; the
 * {@code with…} methods return modified copies.
 */
public record AccountConfig(
    PublicKey owner,
    GuardianSet guardianSet,
    Fr spendingRulesHash,
    long nonce,
    long recoveryEpoch,
    Optional<PendingRecovery> pendingRecovery,
    Optional<PendingUpdate> pendingUpdate) {

  public AccountConfig {
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(guardianSet, "guardianSet");
    Objects.requireNonNull(spendingRulesHash, "spendingRulesHash");
    Objects.requireNonNull(pendingRecovery, "pendingRecovery");
    Objects.requireNonNull(pendingUpdate, "pendingUpdate");
  }

  /** The initial configuration of settings: nonce 0, epoch 0, nothing pending. */
  public static AccountConfig initial(Settings settings) {
    return new AccountConfig(
        settings.owner(),
        settings.guardianSet(),
        settings.spendingRulesHash(),
        0,
        0,
        Optional.empty(),
        Optional.empty());
  }

  /** The owner, guardian set and rules. */
  public Settings settings() {
    return new Settings(owner, guardianSet, spendingRulesHash);
  }

  /**
   * configHash, the tree leaf's value (docs/spec/state.md §4.5).
   *
   * @throws IllegalStateException if a guardian set has more than 4 guardians
   */
  public Fr hash() {
    return StateHashing.configHash(this);
  }

  public AccountConfig withOwner(PublicKey newOwner) {
    return new AccountConfig(
        newOwner,
        guardianSet,
        spendingRulesHash,
        nonce,
        recoveryEpoch,
        pendingRecovery,
        pendingUpdate);
  }

  public AccountConfig withGuardiansAndRules(GuardianSet newGuardians, Fr newRules) {
    return new AccountConfig(
        owner, newGuardians, newRules, nonce, recoveryEpoch, pendingRecovery, pendingUpdate);
  }

  public AccountConfig withNonce(long newNonce) {
    return new AccountConfig(
        owner,
        guardianSet,
        spendingRulesHash,
        newNonce,
        recoveryEpoch,
        pendingRecovery,
        pendingUpdate);
  }

  public AccountConfig withRecoveryEpoch(long newEpoch) {
    return new AccountConfig(
        owner, guardianSet, spendingRulesHash, nonce, newEpoch, pendingRecovery, pendingUpdate);
  }

  public AccountConfig withPendingRecovery(Optional<PendingRecovery> newPending) {
    return new AccountConfig(
        owner, guardianSet, spendingRulesHash, nonce, recoveryEpoch, newPending, pendingUpdate);
  }

  public AccountConfig withPendingUpdate(Optional<PendingUpdate> newPending) {
    return new AccountConfig(
        owner, guardianSet, spendingRulesHash, nonce, recoveryEpoch, pendingRecovery, newPending);
  }
}
