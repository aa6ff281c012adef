package io.keystore.state.api;

import io.keystore.state.tree.TreeWitness;
import io.keystore.state.tx.ForcedTransaction;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes32;

/**
 * A committed batch: the roots and leaf counts (sentinel included) before and after, the batch
 * time, and one outcome per transaction in order; the first {@code forced.size()} outcomes are
 * those of the forced transactions (docs/spec/proof.md §7), in queue order. The witnesses of the
 * applied transactions chain: the first starts at {@code oldRoot}, each starts where the previous
 * one ended, the last ends at {@code newRoot}.
 */
public record BatchResult(
    Bytes32 oldRoot,
    Bytes32 newRoot,
    long oldLeafCount,
    long newLeafCount,
    long time,
    List<TxOutcome> outcomes,
    List<ForcedTransaction> forced) {

  public BatchResult {
    Objects.requireNonNull(oldRoot, "oldRoot");
    Objects.requireNonNull(newRoot, "newRoot");
    outcomes = List.copyOf(outcomes);
    forced = List.copyOf(forced);
    if (forced.size() > outcomes.size()) {
      throw new IllegalArgumentException("more forced transactions than outcomes");
    }
    for (int i = forced.size(); i < outcomes.size(); i++) {
      if (outcomes.get(i) instanceof TxOutcome.ForcedRejected) {
        throw new IllegalArgumentException(
            "outcome " + i + " is a forced rejection but not forced");
      }
    }
  }

  /** A batch without forced transactions. */
  public BatchResult(
      Bytes32 oldRoot,
      Bytes32 newRoot,
      long oldLeafCount,
      long newLeafCount,
      long time,
      List<TxOutcome> outcomes) {
    this(oldRoot, newRoot, oldLeafCount, newLeafCount, time, outcomes, List.of());
  }

  /**
   * The outcomes that take a slot in the proof, in order: the forced transactions (applied or
   * rejected), then the other applied ones.
   */
  public List<TxOutcome> proven() {
    return java.util.stream.IntStream.range(0, outcomes.size())
        .filter(i -> i < forced.size() || outcomes.get(i).isApplied())
        .mapToObj(outcomes::get)
        .toList();
  }

  /** The tree witnesses of the applied transactions, in order. */
  public List<TreeWitness> witnesses() {
    return outcomes.stream().map(TxOutcome::treeWitness).flatMap(Optional::stream).toList();
  }

  /** The applied outcomes, in order. */
  public List<TxOutcome.Applied> applied() {
    return outcomes.stream()
        .filter(o -> o instanceof TxOutcome.Applied)
        .map(o -> (TxOutcome.Applied) o)
        .toList();
  }

  /** The rejected outcomes (forced transactions excepted), in order. */
  public List<TxOutcome.Rejected> rejected() {
    return outcomes.stream()
        .filter(o -> o instanceof TxOutcome.Rejected)
        .map(o -> (TxOutcome.Rejected) o)
        .toList();
  }

  /** The forced transactions rejected by proof, in order. */
  public List<TxOutcome.ForcedRejected> forcedRejected() {
    return outcomes.stream()
        .filter(o -> o instanceof TxOutcome.ForcedRejected)
        .map(o -> (TxOutcome.ForcedRejected) o)
        .toList();
  }
}
