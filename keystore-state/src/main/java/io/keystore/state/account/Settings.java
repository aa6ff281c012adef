package io.keystore.state.account;

import io.keystore.state.crypto.PublicKey;
import io.keystore.state.hash.Fr;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What an account's owner chooses: the owner key, the guardian set and the spending rules hash
 * (docs/spec/state.md §4.1). An UpdateConfig carries the full desired settings, a creation the
 * initial ones.
 */
public record Settings(PublicKey owner, GuardianSet guardianSet, Fr spendingRulesHash) {

  public Settings {
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(guardianSet, "guardianSet");
    Objects.requireNonNull(spendingRulesHash, "spendingRulesHash");
  }

  /** Why these settings are not valid, or empty (the owner key is always valid). */
  /** The owner, then the guardians in slot order. */
  public List<PublicKey> keys() {
    List<PublicKey> keys = new ArrayList<>();
    keys.add(owner);
    keys.addAll(guardianSet.guardians());
    return keys;
  }

  public Optional<String> validationError() {
    return guardianSet.validationError();
  }

  /**
   * The commitment an UpdateConfig signature covers (docs/spec/transactions.md §4.3):
   * H_8(keyHash(owner), guardianSetHash, spendingRulesHash).
   *
   * @throws IllegalStateException if there are more than 4 guardians
   */
  public Fr updateCommitment() {
    return StateHashing.updateCommitment(this);
  }
}
