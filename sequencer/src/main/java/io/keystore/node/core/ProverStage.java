package io.keystore.node.core;

import io.keystore.node.storage.BatchStatus;
import io.keystore.node.storage.NodeStore;
import io.keystore.node.storage.StoredAggregate;
import io.keystore.node.storage.StoredBatch;
import io.keystore.node.storage.StoredJob;
import io.keystore.node.storage.TxStatus;
import io.keystore.prover.AggregationWitness;
import io.keystore.prover.NativeProverException;
import io.keystore.prover.Proof;
import io.keystore.prover.ProofTarget;
import io.keystore.prover.ProvingCircuit;
import io.keystore.state.proof.AggregationTree;
import io.keystore.state.proof.BatchCircuit;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the node's proofs, each stored as soon as it is made: a batch's proof (for L1 alone:
 * PROVEN; or as a leaf of an aggregation: AGGREGATING, as {@link AggregationPolicy} decides), and
 * the proofs of each aggregate's tree (docs/spec/aggregation.md §4), bottom up, the root for L1,
 * which makes the aggregate's batches PROVEN. A job a crash interrupted is made again: a batch is
 * still BATCHED, an aggregate still lacks the node. Jobs of an aggregate in progress go first (they
 * stand between proven batches and L1), then batches in order; the prover takes one at a time (in
 * this process) or all that are due (workers on a cluster: leaves, and the nodes of a tree level,
 * are proven side by side).
 *
 * <p>A batch is proven with the circuit of its size and signer scheme ({@link BatchCircuits}:
 * {@code batch-1}, {@code batch-4}, {@code batch-16}, {@code batch-1-p256}, {@code
 * batch-1-webauthn}, docs/spec/proof.md §9), which names its job's circuit; an aggregate's leaves
 * are each named by their own circuit's key hash.
 *
 * <p>Each proof is a {@link ProofJob}, recorded in the store ({@code prove_jobs}) under an id named
 * after what it proves before a {@link JobProver} makes it: in this process (the default) or on the
 * cluster's workers. Every proof is checked before it is stored: it verifies with the node's own
 * key for the job's target, and its public input is the one the node computes from its store (a
 * batch's from the batch row, {@link BatchPublicInput}; a tree node's from the tree).
 */
public final class ProverStage {

  private static final Logger LOG = LoggerFactory.getLogger(ProverStage.class);

  /** The aggregation circuit's name. */
  public static final String AGGREGATION_CIRCUIT = "aggregate-2";

  private final NodeStore store;
  private final Function<String, ProvingCircuit> circuits;
  private final JobProver prover;
  private final AggregationPolicy policy;
  private final Bytes32 domainSeparator;
  private final Clock clock;
  private final AtomicLong proving = new AtomicLong(-1);
  private final BatchPace pace;

  /** The circuit of each batch seen lately (it never changes): the stage asks every tick. */
  private final Map<Long, BatchCircuit> batchCircuits =
      new java.util.LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, BatchCircuit> eldest) {
          return size() > 4096;
        }
      };

  /**
   * @param circuits the node's loaded circuit of a name (loaded on first use): the batch circuits
   *     and {@link #AGGREGATION_CIRCUIT}; what every proof is verified with
   * @param prover what makes the proofs
   * @param domainSeparator the rollup's EIP-712 domain separator (a batch's public input hashes it)
   */
  public ProverStage(
      NodeStore store,
      Function<String, ProvingCircuit> circuits,
      JobProver prover,
      AggregationPolicy policy,
      Bytes32 domainSeparator,
      Clock clock,
      BatchPace pace) {
    this.store = store;
    this.circuits = circuits;
    this.prover = prover;
    this.policy = policy;
    this.domainSeparator = domainSeparator;
    this.clock = clock;
    this.pace = pace;
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

  /**
   * Asks the prover for the proofs that are due, in order, as many as it takes at once ({@link
   * JobProver#concurrentJobs}: one in this process, every due job on a cluster, so that workers
   * prove leaves and independent tree nodes side by side); stores each proof it has. True if it
   * stored one.
   */
  public boolean tick() {
    boolean stored = false;
    for (Job job : due(prover.concurrentJobs())) {
      stored |= job.make();
    }
    return stored;
  }

  /** A due proof: asks the prover for it and stores it if made; true if it stored it. */
  @FunctionalInterface
  private interface Job {
    boolean make();
  }

  /**
   * Up to {@code limit} due proofs, in order: the nodes of aggregates in progress (they stand
   * between proven batches and L1), then a new aggregate's, then batches in order.
   */
  private List<Job> due(int limit) {
    List<Job> due = new ArrayList<>();
    for (StoredAggregate a : store.unprovenAggregates()) {
      due.addAll(readyNodes(a)); // finished even if aggregation was turned off since
    }
    if (due.size() < limit) {
      due.addAll(leafJobs());
    }
    if (due.size() < limit) {
      for (StoredBatch b : store.batchesIn(BatchStatus.BATCHED)) {
        due.add(() -> prove(b, targetOf(b)));
      }
    }
    return due.size() > limit ? due.subList(0, limit) : due;
  }

  /**
   * What the proven leaves not yet in an aggregate need: with aggregation off, each its proof for
   * L1 (a leaf from before it was turned off); else, once enough wait or the burst is over, an
   * aggregate of those that no unproven batch precedes (aggregates submit in batch order).
   */
  private List<Job> leafJobs() {
    List<StoredBatch> leaves = store.leavesWithoutAggregate();
    if (leaves.isEmpty()) {
      return List.of();
    }
    if (!policy.enabled()) {
      return leaves.stream().map(l -> (Job) () -> prove(l, ProofTarget.L1)).toList();
    }
    long unproven =
        store.firstBatch(BatchStatus.BATCHED).map(StoredBatch::id).orElse(Long.MAX_VALUE);
    List<StoredBatch> ready = leaves.stream().filter(l -> l.id() < unproven).toList();
    boolean moreComing = unproven != Long.MAX_VALUE || store.countTxs(TxStatus.PENDING) > 0;
    if (ready.isEmpty() || (ready.size() < policy.maxBatches() && moreComing)) {
      return List.of();
    }
    return aggregate(ready.subList(0, Math.min(ready.size(), policy.maxBatches())));
  }

  /**
   * The target of a BATCHED batch's proof: the one of a job already out for it (a worker may be
   * proving it), else what the policy says now.
   */
  private ProofTarget targetOf(StoredBatch batch) {
    for (ProofTarget t : ProofTarget.values()) {
      Optional<StoredJob> job = store.job(ProofJob.batchJobId(batch.id(), t));
      if (job.isPresent() && !StoredJob.DONE.equals(job.get().state())) {
        return t;
      }
    }
    boolean leaf =
        policy.aggregates(
            store.countBatches(BatchStatus.BATCHED),
            store.countBatches(BatchStatus.AGGREGATING),
            store.countTxs(TxStatus.PENDING));
    return leaf ? ProofTarget.AGGREGATION : ProofTarget.L1;
  }

  /** The circuit that proves {@code batch}: of its size and signer scheme. */
  synchronized BatchCircuit circuitOf(StoredBatch batch) {
    return batchCircuits.computeIfAbsent(batch.id(), id -> BatchCircuits.of(store, batch));
  }

  private boolean prove(StoredBatch batch, ProofTarget target) {
    ProofJob job =
        new ProofJob(
            ProofJob.batchJobId(batch.id(), target),
            circuitOf(batch).name(),
            target,
            batch.witness().orElseThrow(),
            BatchPublicInput.of(batch, store.forcedOf(batch.id()), domainSeparator),
            batch.id());
    if (store.job(job.id()).isEmpty()) {
      store.setProgress(batch.id(), "proving for " + target);
    }
    Optional<Made> made = run(job);
    if (made.isEmpty()) {
      return false;
    }
    Proof proof = made.get().proven().proof();
    long now = clock.instant().getEpochSecond();
    if (target == ProofTarget.L1) {
      store.setProof(batch.id(), proof.calldata(), now);
    } else {
      store.setLeafProof(batch.id(), proof.calldata(), proof.publicInputs().getFirst(), now);
    }
    finish(job, made.get());
    pace.proved(made.get().took());
    LOG.info(
        "batch {} proven for {} in {} ms{}",
        batch.id(),
        target,
        made.get().took().toMillis(),
        made.get().by());
    return true;
  }

  /** A job's proof, checked, with how long it took since the job was recorded. */
  private record Made(JobProver.Proven proven, Duration took) {
    String by() {
      return InProcessProver.NAME.equals(proven.prover()) ? "" : " by worker " + proven.prover();
    }
  }

  /** Records {@code job} (unless it is already) and asks the prover for its proof. */
  private Optional<Made> run(ProofJob job) {
    StoredJob row =
        store
            .job(job.id())
            .orElseGet(
                () -> store.openJob(job.id(), job.circuit(), job.target().name(), clock.millis()));
    proving.set(job.batch());
    long start = System.nanoTime();
    try {
      Optional<JobProver.Proven> proven = prover.prove(job, this::refusal);
      boolean here = proven.filter(p -> InProcessProver.NAME.equals(p.prover())).isPresent();
      Duration took =
          here
              ? Duration.ofNanos(System.nanoTime() - start)
              : Duration.ofMillis(Math.max(0, clock.millis() - row.createdAt()));
      return proven.map(p -> new Made(p, took));
    } finally {
      proving.set(-1);
    }
  }

  private void finish(ProofJob job, Made made) {
    store.finishJob(job.id(), made.proven().prover(), clock.millis());
  }

  /**
   * Why {@code proof} is no proof of {@code job}, if it is not: another public input than the one
   * the node computed, another size, or no verification with the node's own key for the job's
   * target.
   */
  Optional<String> refusal(ProofJob job, Proof proof) {
    if (proof.publicInputs().size() != 1) {
      return Optional.of("a proof with " + proof.publicInputs().size() + " public inputs, not 1");
    }
    Bytes32 input = proof.publicInputs().getFirst();
    if (!input.equals(job.expectedInput())) {
      return Optional.of(
          "a proof of public input " + input + ", the job's is " + job.expectedInput());
    }
    ProvingCircuit circuit = circuits.apply(job.circuit());
    if (proof.calldata().size() != circuit.proofSize()) {
      return Optional.of(
          "a proof of " + proof.calldata().size() + " bytes, not " + circuit.proofSize());
    }
    try {
      return circuit.verify(proof, job.target())
          ? Optional.empty()
          : Optional.of(
              "a proof that does not verify with " + circuit.name() + " for " + job.target());
    } catch (NativeProverException e) {
      return Optional.of("a malformed proof: " + e.getMessage());
    }
  }

  /** Starts an aggregate of {@code leaves}; a lone leaf is proven again, for L1. */
  private List<Job> aggregate(List<StoredBatch> leaves) {
    if (leaves.size() == 1) {
      if (store.job(ProofJob.batchJobId(leaves.getFirst().id(), ProofTarget.L1)).isEmpty()) {
        LOG.info(
            "batch {} waits alone for an aggregate: proving it again for L1",
            leaves.getFirst().id());
      }
      return List.of(() -> prove(leaves.getFirst(), ProofTarget.L1));
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
    return readyNodes(a);
  }

  /**
   * The nodes of aggregate {@code a}'s tree not proven yet whose two proofs below are, bottom up,
   * left to right: at first every node of level 1; the root last. Each leaf is named by the key
   * hash of its own batch's circuit (batches of several sizes and schemes aggregate together).
   */
  private List<Job> readyNodes(StoredAggregate a) {
    ProvingCircuit aggCircuit = circuits.apply(AGGREGATION_CIRCUIT);
    List<StoredBatch> members = store.aggregateMembers(a.id());
    List<String> leafCircuits = members.stream().map(m -> circuitOf(m).name()).toList();
    Map<String, Bytes32> keys = new java.util.HashMap<>();
    List<AggregationTree.Node> leaves = new ArrayList<>();
    for (int i = 0; i < members.size(); i++) {
      leaves.add(
          new AggregationTree.Node(
              keys.computeIfAbsent(leafCircuits.get(i), name -> circuits.apply(name).keyHash()),
              members.get(i).leafInput().orElseThrow()));
    }
    Tree tree =
        new Tree(
            members,
            leafCircuits,
            aggCircuit.name(),
            AggregationTree.levels(leaves, aggCircuit.keyHash()),
            store.aggregateNodes(a.id()));
    List<Job> ready = new ArrayList<>();
    for (int level = 1; level <= tree.levels().size(); level++) {
      List<AggregationTree.Step> steps = tree.levels().get(level - 1);
      for (int position = 0; position < steps.size(); position++) {
        AggregationTree.Step step = steps.get(position);
        StoredAggregate.Position at = new StoredAggregate.Position(level, position);
        if (step.paired()
            && !tree.done().containsKey(at)
            && tree.has(level - 1, step.left())
            && tree.has(level - 1, step.right().getAsInt())) {
          boolean root = level == tree.levels().size();
          ready.add(() -> proveNode(a, at, step, root, tree, aggCircuit.name()));
        }
      }
    }
    if (ready.isEmpty()) { // its root's proof is the aggregate's: then it is proven
      throw new IllegalStateException("aggregate " + a.id() + " has no proof to make next");
    }
    return ready;
  }

  private boolean proveNode(
      StoredAggregate a,
      StoredAggregate.Position at,
      AggregationTree.Step step,
      boolean root,
      Tree tree,
      String aggCircuit) {
    int below = at.level() - 1;
    Bytes witness =
        Bytes.wrap(
            AggregationWitness.encode(
                List.of(
                    tree.proofAt(below, step.left()),
                    tree.proofAt(below, step.right().getAsInt()))));
    ProofJob job =
        new ProofJob(
            ProofJob.nodeJobId(a.id(), at.level(), at.position()),
            aggCircuit,
            root ? ProofTarget.L1 : ProofTarget.AGGREGATION,
            witness,
            step.node().input(),
            a.firstBatch());
    if (store.job(job.id()).isEmpty()) {
      LOG.info(
          "aggregate {}: {} of its {} tree proofs below the root stored",
          a.id(),
          tree.done().size(),
          tree.members().size() - 2);
    }
    Optional<Made> made = run(job);
    if (made.isEmpty()) {
      return false;
    }
    Proof proof = made.get().proven().proof();
    Bytes32 input = proof.publicInputs().getFirst();
    long now = clock.instant().getEpochSecond();
    if (root) {
      store.setAggregateProof(a.id(), proof.calldata(), now);
    } else {
      store.putAggregateNode(
          a.id(), at, new StoredAggregate.NodeProof(proof.calldata(), input), now);
    }
    finish(job, made.get());
    LOG.info(
        "aggregate {}: node {} proven{} in {} ms{}",
        a.id(),
        at,
        root ? " (the root, for L1: its batches are PROVEN)" : "",
        made.get().took().toMillis(),
        made.get().by());
    return true;
  }

  /**
   * An aggregate's tree: its members and their circuits, its levels above the leaves and the node
   * proofs made so far.
   */
  private record Tree(
      List<StoredBatch> members,
      List<String> leafCircuits,
      String aggregationCircuit,
      List<List<AggregationTree.Step>> levels,
      Map<StoredAggregate.Position, StoredAggregate.NodeProof> done) {

    /** Whether the proof of node {@code position} of tree level {@code level} is made. */
    boolean has(int level, int position) {
      if (level == 0) {
        return true; // every member is a proven leaf
      }
      AggregationTree.Step step = levels.get(level - 1).get(position);
      return step.paired()
          ? done.containsKey(new StoredAggregate.Position(level, position))
          : has(level - 1, step.left());
    }

    /** The proof of node {@code position} of tree level {@code level} (0: the batches). */
    AggregationWitness.InnerProof proofAt(int level, int position) {
      if (level == 0) {
        StoredBatch m = members.get(position);
        return new AggregationWitness.InnerProof(
            leafCircuits.get(position),
            new Proof(m.proof().orElseThrow(), List.of(m.leafInput().orElseThrow())));
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
