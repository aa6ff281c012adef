package io.keystore.sdk;

import io.keystore.state.account.AccountConfig;
import io.keystore.state.account.SpendingRules;
import io.keystore.state.crypto.Address;
import io.keystore.state.crypto.PublicKey;
import io.keystore.state.hash.Fr;
import org.apache.tuweni.bytes.Bytes32;

/**
 * What a verified keystore proof establishes about an account at a root: its configuration
 * (current, or initial when the account was never written), hence its owner key and spending rules
 * hash.
 *
 * @param member true if the account is in the tree, false if it has its initial configuration
 */
public record VerifiedAccount(Address account, Bytes32 root, boolean member, AccountConfig config) {

  /** The key that signs for the account at this root. */
  public PublicKey owner() {
    return config.owner();
  }

  /**
   * True if the configuration has a recovery at its threshold (executableAfter != 0): the
   * mini-account refuses the owner key (mini-account.md §4).
   */
  public boolean frozen() {
    return config.pendingRecovery().map(p -> p.executableAfter() != 0).orElse(false);
  }

  /**
   * Throws {@link AccountFrozenException} if the account is {@link #frozen()}: nothing the owner
   * key signs would be accepted on L2.
   */
  public void requireNotFrozen() {
    if (frozen()) {
      throw new AccountFrozenException(account, config.pendingRecovery().orElseThrow());
    }
  }

  /** The hash of the account's spending rules (0: no limits). */
  public Fr spendingRulesHash() {
    return config.spendingRulesHash();
  }

  /**
   * True if {@code rules} is the rule list the account committed to (what a mini-account checks).
   */
  public boolean hasSpendingRules(SpendingRules rules) {
    return rules.hash().equals(config.spendingRulesHash());
  }
}
