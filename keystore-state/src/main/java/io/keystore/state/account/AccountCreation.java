package io.keystore.state.account;

import io.keystore.state.crypto.Address;
import io.keystore.state.hash.Fr;
import java.util.Objects;

/**
 * The data that creates a counterfactual account (docs/spec/state.md §5): a salt and the initial
 * settings. The address is the low 160 bits of H_2(salt, initialConfigHash).
 */
public record AccountCreation(Fr salt, Settings settings) {

  public AccountCreation {
    Objects.requireNonNull(salt, "salt");
    Objects.requireNonNull(settings, "settings");
  }

  /** Settings with nonce 0, epoch 0 and nothing pending. */
  public AccountConfig initialConfig() {
    return AccountConfig.initial(settings);
  }

  /**
   * The account's address.
   *
   * @throws IllegalStateException if the settings have more than 4 guardians
   */
  public Address address() {
    return StateHashing.address(salt, initialConfig().hash());
  }
}
