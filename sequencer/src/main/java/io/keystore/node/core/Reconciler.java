package io.keystore.node.core;

import io.keystore.node.storage.BatchStatus;
import io.keystore.node.storage.NodeStore;
import io.keystore.node.storage.StoredBatch;
import io.keystore.state.api.BatchResult;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Start-up reconciliation of the node's three records of the chain of roots: the state database
 * (its latest state batch), the node database (its batch records, each with the state batch it
 * starts from and the root it makes) and L1 (the roots the rollup contract recorded).
 *
 * <p>A batch record that the state lacks (the state committed it, the record followed, and the
 * state's commit did not survive a crash) is applied again from durable data: the batch's stored
 * transactions, forced ones first, at its recorded time; the replay must give the recorded root.
 * Every other disagreement cannot be repaired from the node's own data and is reported: the state
 * holds batches the node never recorded, a replay gives another root, or L1's latest root is none
 * the node produced (another sequencer, or a node database that lost batches L1 has). The caller
 * then plans and submits nothing ({@link Outcome#agreed()} false) and the node's health says why.
 */
public final class Reconciler {

  /** The health component of a disagreement. */
  public static final String COMPONENT = "reconciliation";

  private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);

  /** L1's recorded roots, as far as reconciliation asks. */
  public interface L1Roots {
    Bytes32 latestRoot() throws Exception;
  }

  /** What reconciliation found: the batches it replayed, or why the records disagree. */
  public record Outcome(int replayed, Optional<String> disagreement) {
    public boolean agreed() {
      return disagreement.isEmpty();
    }
  }

  private final NodeStore store;
  private final StateAccess state;
  private final L1Roots l1;
  private final NodeHealth health;

  public Reconciler(NodeStore store, StateAccess state, L1Roots l1, NodeHealth health) {
    this.store = store;
    this.state = state;
    this.l1 = l1;
    this.health = health;
  }

  /** Compares, repairs what durable data can repair, and records a disagreement in the health. */
  public Outcome reconcile() throws Exception {
    Outcome outcome = compare();
    if (outcome.agreed()) {
      health.clear(COMPONENT);
      if (outcome.replayed() > 0) {
        LOG.warn(
            "reconciliation: the state lacked {} recorded batches; replayed them from stored transactions",
            outcome.replayed());
      }
    } else {
      String reason = outcome.disagreement().orElseThrow();
      health.degrade(
          COMPONENT, reason + "; the node plans and submits nothing until this is resolved");
      LOG.error("reconciliation failed: {}", reason);
    }
    return outcome;
  }

  private Outcome compare() throws Exception {
    int replayed = 0;
    for (StoredBatch b : store.recordedFrom(state.latestStateBatch())) {
      Optional<String> problem = replay(b);
      if (problem.isPresent()) {
        return new Outcome(replayed, problem);
      }
      replayed++;
    }
    Optional<String> problem = stateMatchesRecords().or(this::l1MatchesRecords);
    return new Outcome(replayed, problem);
  }

  /** Applies a recorded batch the state lacks, once an in-memory replay gave its recorded root. */
  private Optional<String> replay(StoredBatch b) {
    long latest = state.latestStateBatch();
    if (b.stateBase() != latest) {
      return Optional.of(
          "batch "
              + b.id()
              + " starts from state batch "
              + b.stateBase()
              + " but the state database ends at state batch "
              + latest);
    }
    Batcher.Inputs inputs = Batcher.inputs(store, state, b);
    BatchResult dry = state.replayAt(latest, inputs.forced(), inputs.txs(), b.time());
    if (!Optional.of(dry.newRoot()).equals(b.newRoot())) {
      return Optional.of(
          "replaying batch "
              + b.id()
              + " from its stored transactions gives root "
              + dry.newRoot()
              + ", not the recorded "
              + b.newRoot().map(Bytes32::toHexString).orElse("(none)"));
    }
    LOG.warn(
        "reconciliation: state batch {} (node batch {}) is missing from the state database; applying it again",
        latest + 1,
        b.id());
    state.applyBatch(inputs.forced(), inputs.txs(), b.time());
    return Optional.empty();
  }

  /**
   * The state's latest batch is the one the latest record made (or, with a PLANNED batch after it,
   * that batch's, which {@link Batcher#recover} completes), with the recorded root.
   */
  private Optional<String> stateMatchesRecords() {
    long latest = state.latestStateBatch();
    Optional<StoredBatch> last = store.latestRecorded();
    long expected = store.recordedStateBatch();
    boolean plannedAfter =
        store.batchesIn(BatchStatus.PLANNED).stream().anyMatch(p -> p.stateBase() == expected);
    if (latest != expected && !(plannedAfter && latest == expected + 1)) {
      return Optional.of(
          "the state database ends at state batch "
              + latest
              + " but the node's batch records end at state batch "
              + expected);
    }
    if (last.isPresent()) {
      Optional<Bytes32> root = state.rootAt(expected);
      if (!root.equals(last.get().newRoot())) {
        return Optional.of(
            "state batch "
                + expected
                + " has root "
                + root.map(Bytes32::toHexString).orElse("(none)")
                + " but node batch "
                + last.get().id()
                + " recorded "
                + last.get().newRoot().map(Bytes32::toHexString).orElse("(none)"));
      }
    }
    return Optional.empty();
  }

  /** L1's latest root is genesis or a root the node produced. */
  private Optional<String> l1MatchesRecords() {
    Bytes32 onL1;
    try {
      onL1 = l1.latestRoot();
    } catch (Exception e) {
      return Optional.of("cannot read L1's latest root: " + e.getMessage());
    }
    boolean known =
        state.rootAt(0).map(onL1::equals).orElse(false) || store.batchWithNewRoot(onL1).isPresent();
    return known
        ? Optional.empty()
        : Optional.of(
            "L1's latest root "
                + onL1
                + " is no root this node produced"
                + " (another sequencer, or a node database that lost batches L1 has)");
  }
}
