package io.keystore.state.stf;

import io.keystore.state.account.AccountConfig;
import java.util.Objects;
import java.util.Set;

/** The outcome of applying one transaction: the new configuration, or a typed rejection. */
public sealed interface TransitionResult
    permits TransitionResult.Applied, TransitionResult.Rejected {

  /**
   * Applied: the account's new configuration (its hash is the new leaf value).
   *
   * @param created whether the account was absent from the tree before
   * @param effects what the transaction did
   */
  record Applied(AccountConfig newConfig, boolean created, Set<Effect> effects)
      implements TransitionResult {
    public Applied {
      Objects.requireNonNull(newConfig, "newConfig");
      effects = Set.copyOf(effects);
    }
  }

  /** Rejected: nothing changes. */
  record Rejected(RejectionReason reason, String message) implements TransitionResult {
    public Rejected {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(message, "message");
    }
  }

  default boolean isApplied() {
    return this instanceof Applied;
  }
}
