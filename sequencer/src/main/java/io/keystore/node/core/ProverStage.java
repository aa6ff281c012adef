package io.keystore.node.core;

import io.keystore.node.storage.BatchStatus;
import io.keystore.node.storage.NodeStore;
import io.keystore.node.storage.StoredAggregate;
import io.keystore.node.storage.StoredBatch;
import io.keystore.node.storage.TxStatus;
import io.keystore.prover.AggregationWitness;
import io.keystore.prover.Proof;
import io.keystore.prover.ProofTarget;
import io.keystore.prover.ProvingCircuit;
import io.keystore.state.proof.AggregationTree;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.tuweni.bytes.Bytes32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the node's proofs, one job at a time, each stored as soon as it is made: a batch's proof
 * (for L1 alone: PROVEN; or as a leaf of an aggregation: AGGREGATING, as {@link AggregationPolicy}
 * decides), and the proofs of each aggregate's tree (docs/spec/aggregation.md §4), bottom up, the
 * root for L1, which makes the aggregate's batches PROVEN. A job a crash interrupted is made again:
 * a batch is still BATCHED, an aggregate still lacks the node. Jobs of an aggregate in progress go
 * first (they stand between proven batches and L1), then batches in order.
 */
public final class ProverStage {

  private static final Logger LOG = LoggerFactory.getLogger(ProverStage.class);

  private final NodeStore store;
  private final Supplier<ProvingCircuit> circuit;
  private final Supplier<ProvingCircuit> aggregation;
  private final AggregationPolicy policy;
  private final Clock clock;
  private final AtomicLong proving = new AtomicLong(-1);
  private final BatchPace pace;

  public ProverStage(NodeStore store, Supplier<ProvingCircuit> circuit, Clock clock) {
    this(store, circuit, clock, new BatchPace());
  }

  /** A prover stage that tells {@code pace} how long each proof took; never aggregates. */
  public ProverStage(
      NodeStore store, Supplier<ProvingCircuit> circuit, Clock clock, BatchPace pace) {
    this(store, circuit, noAggregation(), AggregationPolicy.DIRECT, clock, pace);
  }

  /**
   * @param circuit the batch circuit
   * @param aggregation the aggregation circuit ({@code aggregate-2}), loaded on first use
   */
  public ProverStage(
      NodeStore store,
      Supplier<ProvingCircuit> circuit,
      Supplier<ProvingCircuit> aggregation,
      AggregationPolicy policy,
      Clock clock,
      BatchPace pace) {
    this.store = store;
    this.circuit = circuit;
    this.aggregation = aggregation;
    this.policy = policy;
    this.clock = clock;
    this.pace = pace;
  }

  private static Supplier<ProvingCircuit> noAggregation() {
    return () -> {
      throw new IllegalStateException("this node does not aggregate");
    };
  }

  /** For the prover's progress listener: records a phase against the batch being proven. */
  public void onPhase(String circuitName, String phase, Duration elapsed) {
    long id = proving.get();
    if (id >= 0) {
      String text = circuitName + " " + phase + " done after " + elapsed.toMillis() + " ms";
      LOG.info("batch {} proving: {}", id, text);
      store.setProgress(id, text);
    }
  }

  /** For the prover's progress listener: a proof's peak memory, against the batch being proven. */
  public void onMemory(String circuitName, io.keystore.prover.ProofMemory memory) {
    long id = proving.get();
    if (id >= 0) {
      String text =
          circuitName
              + " proven: peak Go heap "
              + (memory.goHeapPeakBytes() >> 20)
              + " MiB, process peak RSS "
              + (memory.processPeakRssBytes() >> 20)
              + " MiB";
      LOG.info("batch {}: {}", id, text);
      store.setProgress(id, text);
    }
  }

  /** Makes one proof if one is due; true if it did. */
  public boolean tick() {
    Optional<StoredAggregate> open = store.firstUnprovenAggregate();
    if (open.isPresent()) {
      proveNextNode(open.get()); // finished even if aggregation was turned off since
      return true;
    }
    List<StoredBatch> leaves = store.leavesWithoutAggregate();
    if (!leaves.isEmpty() && !policy.enabled()) {
      prove(leaves.getFirst(), ProofTarget.L1); // a leaf from before aggregation was turned off
      return true;
    }
    if (!leaves.isEmpty()) {
      boolean moreComing =
          store.countBatches(BatchStatus.BATCHED) > 0 || store.countTxs(TxStatus.PENDING) > 0;
      if (leaves.size() >= policy.maxBatches() || !moreComing) {
        return aggregate(leaves.subList(0, Math.min(leaves.size(), policy.maxBatches())));
      }
    }
    Optional<StoredBatch> next = store.firstBatch(BatchStatus.BATCHED);
    if (next.isEmpty()) {
      return false;
    }
    boolean leaf =
        policy.aggregates(
            store.countBatches(BatchStatus.BATCHED),
            store.countBatches(BatchStatus.AGGREGATING),
            store.countTxs(TxStatus.PENDING));
    prove(next.get(), leaf ? ProofTarget.AGGREGATION : ProofTarget.L1);
    return true;
  }

  private void prove(StoredBatch batch, ProofTarget target) {
    proving.set(batch.id());
    long start = System.nanoTime();
    try {
      store.setProgress(batch.id(), "proving for " + target);
      Proof proof = circuit.get().prove(batch.witness().orElseThrow().toArrayUnsafe(), target);
      long now = clock.instant().getEpochSecond();
      if (target == ProofTarget.L1) {
        store.setProof(batch.id(), proof.calldata(), now);
      } else {
        store.setLeafProof(batch.id(), proof.calldata(), proof.publicInputs().getFirst(), now);
      }
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      pace.proved(took);
      LOG.info("batch {} proven for {} in {} ms", batch.id(), target, took.toMillis());
    } finally {
      proving.set(-1);
    }
  }

  /** Starts an aggregate of {@code leaves}; a lone leaf is proven again, for L1. */
  private boolean aggregate(List<StoredBatch> leaves) {
    if (leaves.size() == 1) {
      LOG.info("batch {} waits alone for an aggregate: proving it again for L1", leaves.getFirst());
      prove(leaves.getFirst(), ProofTarget.L1);
      return true;
    }
    long now = clock.instant().getEpochSecond();
    StoredAggregate a = store.createAggregate(leaves.getFirst().id(), leaves.getLast().id(), now);
    LOG.info(
        "aggregate {}: batches {} to {} ({} batches, {} aggregation proofs)",
        a.id(),
        a.firstBatch(),
        a.lastBatch(),
        leaves.size(),
        leaves.size() - 1);
    proveNextNode(a);
    return true;
  }

  /** Proves the next node of aggregate {@code a}'s tree, bottom up, left to right. */
  private void proveNextNode(StoredAggregate a) {
    ProvingCircuit leafCircuit = circuit.get(); // an aggregation reads its leaves' loaded keys
    ProvingCircuit aggCircuit = aggregation.get();
    List<StoredBatch> members = store.aggregateMembers(a.id());
    Bytes32 leafKey = leafCircuit.keyHash();
    List<AggregationTree.Node> leaves =
        members.stream()
            .map(m -> new AggregationTree.Node(leafKey, m.leafInput().orElseThrow()))
            .toList();
    Tree tree =
        new Tree(
            members,
            leafCircuit.name(),
            aggCircuit.name(),
            AggregationTree.levels(leaves, aggCircuit.keyHash()),
            store.aggregateNodes(a.id()));
    LOG.info(
        "aggregate {}: {} of its {} tree proofs below the root stored",
        a.id(),
        tree.done().size(),
        members.size() - 2);
    for (int level = 1; level <= tree.levels().size(); level++) {
      List<AggregationTree.Step> steps = tree.levels().get(level - 1);
      for (int position = 0; position < steps.size(); position++) {
        AggregationTree.Step step = steps.get(position);
        StoredAggregate.Position at = new StoredAggregate.Position(level, position);
        if (step.paired() && !tree.done().containsKey(at)) {
          boolean root = level == tree.levels().size();
          proveNode(a, at, step, root, tree, aggCircuit);
          return;
        }
      }
    }
    throw new IllegalStateException("aggregate " + a.id() + " has every proof but its root's");
  }

  private void proveNode(
      StoredAggregate a,
      StoredAggregate.Position at,
      AggregationTree.Step step,
      boolean root,
      Tree tree,
      ProvingCircuit aggCircuit) {
    proving.set(a.firstBatch());
    long start = System.nanoTime();
    try {
      int below = at.level() - 1;
      byte[] witness =
          AggregationWitness.encode(
              List.of(
                  tree.proofAt(below, step.left()), tree.proofAt(below, step.right().getAsInt())));
      Proof proof = aggCircuit.prove(witness, root ? ProofTarget.L1 : ProofTarget.AGGREGATION);
      Bytes32 input = proof.publicInputs().getFirst();
      if (!input.equals(step.node().input())) {
        throw new IllegalStateException(
            "aggregate "
                + a.id()
                + ": the proof of node "
                + at
                + " has public input "
                + input
                + ", the tree expects "
                + step.node().input());
      }
      long now = clock.instant().getEpochSecond();
      if (root) {
        store.setAggregateProof(a.id(), proof.calldata(), now);
      } else {
        store.putAggregateNode(
            a.id(), at, new StoredAggregate.NodeProof(proof.calldata(), input), now);
      }
      LOG.info(
          "aggregate {}: node {} proven{} in {} ms",
          a.id(),
          at,
          root ? " (the root, for L1: its batches are PROVEN)" : "",
          Duration.ofNanos(System.nanoTime() - start).toMillis());
    } finally {
      proving.set(-1);
    }
  }

  /** An aggregate's tree: its levels above the leaves and the node proofs made so far. */
  private record Tree(
      List<StoredBatch> members,
      String leafCircuit,
      String aggregationCircuit,
      List<List<AggregationTree.Step>> levels,
      Map<StoredAggregate.Position, StoredAggregate.NodeProof> done) {

    /** The proof of node {@code position} of tree level {@code level} (0: the batches). */
    AggregationWitness.InnerProof proofAt(int level, int position) {
      if (level == 0) {
        StoredBatch m = members.get(position);
        return new AggregationWitness.InnerProof(
            leafCircuit, new Proof(m.proof().orElseThrow(), List.of(m.leafInput().orElseThrow())));
      }
      AggregationTree.Step step = levels.get(level - 1).get(position);
      if (!step.paired()) {
        return proofAt(level - 1, step.left()); // a lone node moved up as it is
      }
      StoredAggregate.NodeProof p = done.get(new StoredAggregate.Position(level, position));
      return new AggregationWitness.InnerProof(
          aggregationCircuit, new Proof(p.proof(), List.of(p.input())));
    }
  }
}
