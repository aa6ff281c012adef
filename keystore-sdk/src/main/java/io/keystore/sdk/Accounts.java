package io.keystore.sdk;

import io.keystore.state.account.AccountCreation;
import io.keystore.state.account.GuardianSet;
import io.keystore.state.account.Settings;
import io.keystore.state.account.SpendingRules;
import io.keystore.state.crypto.PublicKey;
import io.keystore.state.hash.Fr;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.List;

/**
 * Counterfactual accounts (docs/spec/state.md §5): a salt and initial settings give the address,
 * usable on every L2 before the keystore ever sees a transaction of it.
 */
public final class Accounts {

  private Accounts() {}

  /**
   * Valid settings: the owner, 0 to 4 distinct guardians with their threshold and recovery delay,
   * and the spending rules.
   *
   * @throws IllegalArgumentException if they break the rules of a valid configuration
   *     (transactions.md §6.6)
   */
  public static Settings settings(
      PublicKey owner,
      List<PublicKey> guardians,
      int threshold,
      long recoveryDelay,
      SpendingRules rules) {
    Settings s =
        new Settings(owner, new GuardianSet(guardians, threshold, recoveryDelay), rules.hash());
    s.validationError()
        .ifPresent(
            e -> {
              throw new IllegalArgumentException("invalid settings: " + e);
            });
    return s;
  }

  /** Settings with no guardians, the given delay and no spending limits. */
  public static Settings ownerOnly(PublicKey owner, long recoveryDelay) {
    return settings(owner, List.of(), 0, recoveryDelay, SpendingRules.NONE);
  }

  /**
   * The account of {@code salt} and {@code initialSettings}; its {@link AccountCreation#address()}
   * is the address.
   *
   * @throws IllegalArgumentException if the settings are not valid (the keystore would refuse to
   *     create the account)
   */
  public static AccountCreation create(Fr salt, Settings initialSettings) {
    initialSettings
        .validationError()
        .ifPresent(
            e -> {
              throw new IllegalArgumentException("invalid initial settings: " + e);
            });
    return new AccountCreation(salt, initialSettings);
  }

  /** A fresh random salt (a uniformly random field element, 253 bits of entropy at least). */
  public static Fr randomSalt(SecureRandom random) {
    return Fr.fromBigIntegerReduced(new BigInteger(320, random));
  }
}
