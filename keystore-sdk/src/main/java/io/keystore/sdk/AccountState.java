package io.keystore.sdk;

import io.keystore.state.account.AccountConfig;
import io.keystore.state.account.AccountCreation;
import io.keystore.state.crypto.Address;
import java.util.Objects;
import java.util.Optional;

/**
 * An account as the transaction builders need it: its address, its current configuration, and,
 * while the keystore has never written it (counterfactual), the creation data its first transaction
 * must carry (docs/spec/transactions.md §3).
 *
 * @param creation present exactly when the account is absent from the tree
 */
public record AccountState(
    Address address, AccountConfig config, Optional<AccountCreation> creation) {

  public AccountState {
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(creation, "creation");
  }

  /** An account the keystore holds, with its configuration. */
  public static AccountState existing(Address address, AccountConfig config) {
    return new AccountState(address, config, Optional.empty());
  }

  /** An account never written: its initial configuration, and the creation data. */
  public static AccountState counterfactual(AccountCreation creation) {
    return new AccountState(creation.address(), creation.initialConfig(), Optional.of(creation));
  }

  /**
   * The account from what the node holds ({@code stored}, empty when absent) and the creation data
   * the caller keeps.
   *
   * @throws IllegalArgumentException if the account is absent and no creation data is given, or the
   *     creation data is for another address
   */
  public static AccountState of(
      Address address, Optional<AccountConfig> stored, Optional<AccountCreation> creation) {
    if (creation.isPresent() && !creation.get().address().equals(address)) {
      throw new IllegalArgumentException(
          "the creation data (salt and initial settings) is for account "
              + creation.get().address()
              + ", not "
              + address);
    }
    if (stored.isPresent()) {
      return existing(address, stored.get());
    }
    return counterfactual(
        creation.orElseThrow(
            () ->
                new IllegalArgumentException(
                    "account "
                        + address
                        + " is not in the keystore yet: its first transaction"
                        + " needs its creation data (salt and initial settings)")));
  }

  /** True while the account is absent from the tree (its first transaction creates it). */
  public boolean isCounterfactual() {
    return creation.isPresent();
  }
}
