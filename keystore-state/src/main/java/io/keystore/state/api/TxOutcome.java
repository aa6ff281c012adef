package io.keystore.state.api;

import io.keystore.state.account.AccountConfig;
import io.keystore.state.stf.Effect;
import io.keystore.state.stf.RejectionReason;
import io.keystore.state.tree.MembershipProof;
import io.keystore.state.tree.NonMembershipProof;
import io.keystore.state.tree.TreeWitness;
import io.keystore.state.tx.Transaction;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** What {@link KeystoreState} did with one transaction. */
public sealed interface TxOutcome
    permits TxOutcome.Applied, TxOutcome.Rejected, TxOutcome.ForcedRejected {

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

  /**
   * A forced transaction (docs/spec/proof.md §7) the state transition rejected: it stays in the
   * batch, changes nothing and publishes {@code (0, 0)}, and the proof shows that it is invalid.
   * {@code read} is what the circuit reads the rules from: the account's leaf and configuration, or
   * its absence.
   */
  record ForcedRejected(Transaction tx, RejectionReason reason, String message, AccountRead read)
      implements TxOutcome {
    public ForcedRejected {
      Objects.requireNonNull(tx, "tx");
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(message, "message");
      Objects.requireNonNull(read, "read");
    }
  }

  /** The account a rejected forced transaction names, as the tree shows it before the slot. */
  sealed interface AccountRead permits AccountRead.Present, AccountRead.Absent {

    /** In the tree: its leaf's membership proof and its configuration. */
    record Present(MembershipProof proof, AccountConfig config) implements AccountRead {
      public Present {
        Objects.requireNonNull(proof, "proof");
        Objects.requireNonNull(config, "config");
      }
    }

    /** Not in the tree: the low leaf's non-membership proof. */
    record Absent(NonMembershipProof proof) implements AccountRead {
      public Absent {
        Objects.requireNonNull(proof, "proof");
      }
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
