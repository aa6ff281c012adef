package io.keystore.state.api;

import io.keystore.state.tree.TreeWitness;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes32;

/**
 * A committed batch: the roots and leaf counts (sentinel included) before and after, the batch
 * time, and one outcome per transaction in order. The
 * witnesses of the applied transactions chain: the first starts at {@code oldRoot}, each starts
 * where the previous one ended, the last ends at {@code newRoot}.
 */
public record BatchResult(
    Bytes32 oldRoot,
    Bytes32 newRoot,
    long oldLeafCount,
    long newLeafCount,
    long time,
    List<TxOutcome> outcomes) {

  public BatchResult {
    Objects.requireNonNull(oldRoot, "oldRoot");
    Objects.requireNonNull(newRoot, "newRoot");
    outcomes = List.copyOf(outcomes);
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

  /** The rejected outcomes, in order. */
  public List<TxOutcome.Rejected> rejected() {
    return outcomes.stream()
        .filter(o -> o instanceof TxOutcome.Rejected)
        .map(o -> (TxOutcome.Rejected) o)
        .toList();
  }
}
