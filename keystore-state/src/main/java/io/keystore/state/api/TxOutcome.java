package io.keystore.state.api;

import io.keystore.state.account.AccountConfig;
import io.keystore.state.stf.Effect;
import io.keystore.state.stf.RejectionReason;
import io.keystore.state.tree.TreeWitness;
import io.keystore.state.tx.Transaction;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** What {@link KeystoreState} did with one transaction. */
public sealed interface TxOutcome permits TxOutcome.Applied, TxOutcome.Rejected {

  /** The transaction. */
  Transaction tx();

  /**
   * Applied: the account's configuration before (its initial configuration when the transaction
   * created it) and after, and the tree witness of the leaf write (an {@code InsertWitness} when
   * the transaction created the account, else an {@code UpdateWitness}).
   */
  record Applied(
      Transaction tx,
      AccountConfig previousConfig,
      AccountConfig newConfig,
      boolean created,
      Set<Effect> effects,
      TreeWitness witness)
      implements TxOutcome {
    public Applied {
      Objects.requireNonNull(tx, "tx");
      Objects.requireNonNull(previousConfig, "previousConfig");
      Objects.requireNonNull(newConfig, "newConfig");
      effects = Set.copyOf(effects);
      Objects.requireNonNull(witness, "witness");
    }
  }

  /** Rejected by the state transition: nothing changed. */
  record Rejected(Transaction tx, RejectionReason reason, String message) implements TxOutcome {
    public Rejected {
      Objects.requireNonNull(tx, "tx");
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(message, "message");
    }
  }

  default boolean isApplied() {
    return this instanceof Applied;
  }

  /** The tree witness, for an applied transaction. */
  default Optional<TreeWitness> treeWitness() {
    return this instanceof Applied a ? Optional.of(a.witness()) : Optional.empty();
  }
}
