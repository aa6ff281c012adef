package io.keystore.node.l1;

import io.keystore.state.crypto.Address;
import io.keystore.state.crypto.Eip712Domain;
import io.keystore.state.tx.ForcedTransaction;
import io.keystore.state.tx.Transaction;
import io.keystore.state.tx.TxCodec;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.web3j.crypto.Hash;

/**
 * An in-memory L1 with the rollup's submitBatch rules, for the submitter's failure paths: a
 * transaction pool keyed by the sequencer's nonce (a replacement needs 10 % more gas), blocks mined
 * on each send or by hand, snapshots to reorg to, an endpoint that can go down, and mined reverts
 * on demand. A batch's proof is valid for one parent: its first 32 bytes are the root it extends
 * and the next 8 the queue head it starts at ({@link #proofFor}).
 */
final class FakeRollupL1 implements RollupL1 {

  static final long CHAIN_ID = 31337;
  static final BigInteger GAS_PRICE = BigInteger.valueOf(1_000_000_000L);

  /** The chain's state; copied for a snapshot. */
  private static final class Chain {
    long block;
    long time;
    Bytes32 latestRoot;
    long leafCount;
    long lastBatchTime;
    long forceHead;
    long forceTail;
    long nonce;
    final Map<Bytes32, RootInfo> roots = new HashMap<>();
    final Map<Bytes32, Receipt> receipts = new HashMap<>();
    final List<BatchSubmission> recorded = new ArrayList<>();
    final List<QueuedForcedTx> queued = new ArrayList<>();

    Chain copy() {
      Chain c = new Chain();
      c.block = block;
      c.time = time;
      c.latestRoot = latestRoot;
      c.leafCount = leafCount;
      c.lastBatchTime = lastBatchTime;
      c.forceHead = forceHead;
      c.forceTail = forceTail;
      c.nonce = nonce;
      c.roots.putAll(roots);
      c.receipts.putAll(receipts);
      c.recorded.addAll(recorded);
      c.queued.addAll(queued);
      return c;
    }
  }

  private record Tx(Bytes32 hash, Submission batch, long nonce, BigInteger gasPrice) {}

  private Chain chain = new Chain();
  private final List<Chain> snapshots = new ArrayList<>();
  private final Map<Bytes32, Tx> signed = new HashMap<>();
  private final TreeMap<Long, Tx> pool = new TreeMap<>();
  private boolean automine = true;
  private boolean down;
  private boolean loseNextSendReply;
  private boolean revertNextMined;
  private Optional<Runnable> beforeNextSimulation = Optional.empty();
  private int broadcasts;
  private int minedReverts;

  FakeRollupL1(Bytes32 genesisRoot, long time) {
    chain.latestRoot = genesisRoot;
    chain.time = time;
    chain.block = 1;
  }

  /**
   * The proof the fake accepts for a batch on top of {@code parent} taking forced ones from {@code
   * head}.
   */
  static Bytes proofFor(Bytes32 parent, long forceHead) {
    return Bytes.concatenate(parent, Bytes.ofUnsignedLong(forceHead));
  }

  // ------------------------------------------------------------------ the test's controls

  synchronized void automine(boolean on) {
    automine = on;
  }

  /** Every request fails (as an unreachable endpoint) until {@link #up}. */
  synchronized void down() {
    down = true;
  }

  synchronized void up() {
    down = false;
  }

  /** The next send reaches the pool but its reply is lost (an {@link IOException}). */
  synchronized void loseNextSendReply() {
    loseNextSendReply = true;
  }

  /**
   * The next transaction mined reverts (e.g. a race with another transaction): gas paid, nothing
   * recorded.
   */
  synchronized void revertNextMined() {
    revertNextMined = true;
  }

  /** Runs {@code r} when the next simulation is asked for, before it is answered. */
  synchronized void beforeNextSimulation(Runnable r) {
    beforeNextSimulation = Optional.of(r);
  }

  /** Drops every pending transaction (as anvil_dropAllTransactions). */
  synchronized void dropPool() {
    pool.clear();
  }

  /**
   * Queues {@code n} forced transactions, a FinaliseRecovery of a made-up account each (ForceQueued
   * events).
   */
  synchronized void queueForced(int n) throws ForcedTransaction.InvalidForcedTransaction {
    Eip712Domain domain = Eip712Domain.keystore(CHAIN_ID, Address.fromHex(rollupAddress()));
    for (int i = 0; i < n; i++) {
      long index = chain.forceTail++;
      Bytes tx =
          TxCodec.encode(
              new Transaction.FinaliseRecovery(
                  Address.fromBigInteger(BigInteger.valueOf(index + 1))));
      ForcedTransaction forced = ForcedTransaction.validate(tx, Bytes.EMPTY, domain);
      chain.queued.add(
          new QueuedForcedTx(index, forced.forceId(), chain.time, tx, Bytes.EMPTY, chain.block));
    }
  }

  /** Mines one block: the pool's transactions in nonce order from the sequencer's next nonce. */
  synchronized void mine() {
    chain.block++;
    chain.time++;
    while (pool.containsKey(chain.nonce)) {
      Tx tx = pool.remove(chain.nonce);
      boolean ok = !revertNextMined && check(tx.batch()).isEmpty();
      revertNextMined = false;
      if (ok) {
        record(tx.batch());
      } else {
        minedReverts++;
      }
      chain.receipts.put(tx.hash(), new Receipt(ok, chain.block));
      chain.nonce++;
    }
    pool.headMap(chain.nonce).clear();
  }

  /** Saves the chain (as evm_snapshot); returns the snapshot's id. */
  synchronized int snapshot() {
    snapshots.add(chain.copy());
    return snapshots.size() - 1;
  }

  /**
   * Back to snapshot {@code id} (as evm_revert, i.e. a reorg): the blocks since are forgotten and
   * so are their transactions (the pool is emptied); the chain then grows past its old height.
   */
  synchronized void revertTo(int id, int newBlocks) {
    chain = snapshots.get(id).copy();
    pool.clear();
    for (int i = 0; i < newBlocks; i++) {
      mine();
    }
  }

  // ------------------------------------------------------------------ what the test asserts

  /** The batches recorded on the chain as it is now, in order. */
  synchronized List<BatchSubmission> recorded() {
    return List.copyOf(chain.recorded);
  }

  /** Transactions the pool took (first sends, replacements, re-broadcasts of unknown ones). */
  synchronized int broadcasts() {
    return broadcasts;
  }

  synchronized int minedReverts() {
    return minedReverts;
  }

  synchronized int pending() {
    return pool.size();
  }

  // ------------------------------------------------------------------ RollupL1

  @Override
  public long chainId() {
    return CHAIN_ID;
  }

  @Override
  public String rollupAddress() {
    return "0x" + "11".repeat(20);
  }

  @Override
  public synchronized Bytes32 domainSeparator() throws IOException {
    reachable();
    return Bytes32.ZERO;
  }

  @Override
  public synchronized Bytes32 latestRoot() throws IOException {
    reachable();
    return chain.latestRoot;
  }

  @Override
  public synchronized RootInfo rootInfo(Bytes32 root) throws IOException {
    reachable();
    return chain.roots.getOrDefault(root, new RootInfo(0, 0, 0, 0));
  }

  @Override
  public synchronized long forceHead() throws IOException {
    reachable();
    return chain.forceHead;
  }

  @Override
  public synchronized List<QueuedForcedTx> forceQueued(long from, long to) throws IOException {
    reachable();
    return chain.queued.stream().filter(q -> q.l1Block() >= from && q.l1Block() <= to).toList();
  }

  @Override
  public synchronized long blockNumber() throws IOException {
    reachable();
    return chain.block;
  }

  @Override
  public synchronized long latestBlockTime() throws IOException {
    reachable();
    return chain.time;
  }

  @Override
  public synchronized long pendingNonce() throws IOException {
    reachable();
    long n = chain.nonce;
    while (pool.containsKey(n)) {
      n++;
    }
    return n;
  }

  @Override
  public synchronized BigInteger gasPrice() throws IOException {
    reachable();
    return GAS_PRICE;
  }

  @Override
  public Optional<Revert> simulate(Submission batch) throws IOException {
    Optional<Runnable> hook;
    synchronized (this) {
      reachable();
      hook = beforeNextSimulation;
      beforeNextSimulation = Optional.empty();
    }
    hook.ifPresent(Runnable::run);
    synchronized (this) {
      return check(batch);
    }
  }

  @Override
  public synchronized Signed sign(Submission batch, long nonce, BigInteger gasPrice) {
    Bytes32 hash =
        Bytes32.wrap(
            Hash.sha3(
                Bytes.concatenate(
                        Bytes.wrap(
                            batch.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                        Bytes.ofUnsignedLong(nonce),
                        Bytes.wrap(gasPrice.toByteArray()))
                    .toArrayUnsafe()));
    signed.put(hash, new Tx(hash, batch, nonce, gasPrice));
    return new Signed(hash, hash.toHexString());
  }

  @Override
  public synchronized Optional<String> send(Signed s) throws IOException {
    reachable();
    Tx tx = signed.get(s.hash());
    if (tx.nonce() < chain.nonce) {
      return Optional.of("nonce too low");
    }
    Tx there = pool.get(tx.nonce());
    if (there != null && there.hash().equals(tx.hash())) {
      return Optional.empty(); // already known
    }
    if (there != null
        && tx.gasPrice()
                .multiply(BigInteger.valueOf(100))
                .compareTo(there.gasPrice().multiply(BigInteger.valueOf(110)))
            < 0) {
      return Optional.of("replacement transaction underpriced");
    }
    pool.put(tx.nonce(), tx);
    broadcasts++;
    if (automine) {
      mine();
    }
    if (loseNextSendReply) {
      loseNextSendReply = false;
      throw new IOException("the connection was reset before the reply");
    }
    return Optional.empty();
  }

  @Override
  public synchronized Optional<Receipt> receipt(Bytes32 txHash) throws IOException {
    reachable();
    return Optional.ofNullable(chain.receipts.get(txHash));
  }

  // ------------------------------------------------------------------ the rollup's rules

  private void reachable() throws IOException {
    if (down) {
      throw new IOException("connection refused");
    }
  }

  /**
   * The checks of a submission: an aggregated one passes when its batches would, one after the
   * other, from the current state (its proof is not checked: the fake has no aggregation keys).
   */
  private Optional<Revert> check(Submission s) {
    if (s instanceof BatchSubmission b) {
      return check(b);
    }
    AggregatedSubmission a = (AggregatedSubmission) s;
    Chain saved = chain.copy();
    try {
      for (BatchSubmission b : inner(a)) {
        Optional<Revert> r = checkChained(b);
        if (r.isPresent()) {
          return r;
        }
        record(b);
      }
      return Optional.empty();
    } finally {
      chain = saved;
    }
  }

  private static List<BatchSubmission> inner(AggregatedSubmission a) {
    return a.batches().stream()
        .map(
            b ->
                new BatchSubmission(
                    b.circuit(),
                    b.newRoot(),
                    b.newLeafCount(),
                    b.batchTime(),
                    b.forcedCount(),
                    b.updates(),
                    Bytes.EMPTY))
        .toList();
  }

  /** submitBatch's checks, in the contract's order: empty if it would pass. */
  private Optional<Revert> check(BatchSubmission b) {
    if (!b.proof().equals(proofFor(chain.latestRoot, chain.forceHead))) {
      Optional<Revert> other = checkChained(b);
      return other.isPresent() ? other : revert("InvalidProof()");
    }
    return checkChained(b);
  }

  /** submitBatch's checks but the proof's. */
  private Optional<Revert> checkChained(BatchSubmission b) {
    if (b.batchTime() > chain.time) {
      return revert("BatchTimeInFuture(uint64,uint256)", word(b.batchTime()), word(chain.time));
    }
    if (b.batchTime() < chain.lastBatchTime) {
      return revert(
          "BatchTimeBeforePrevious(uint64,uint64)", word(b.batchTime()), word(chain.lastBatchTime));
    }
    if (b.newRoot().equals(chain.latestRoot)
        ? b.forcedCount() == 0
        : chain.roots.containsKey(b.newRoot())) {
      return revert("RootAlreadyRecorded(bytes32)", b.newRoot());
    }
    if (chain.forceHead + b.forcedCount() > chain.forceTail) {
      return revert(
          "BadForcedCount(uint256,uint256)",
          word(b.forcedCount()),
          word(chain.forceTail - chain.forceHead));
    }
    return Optional.empty();
  }

  /** Records a submission; of an aggregated one, only the final root, as the contract does. */
  private void record(Submission s) {
    if (s instanceof BatchSubmission b) {
      record(b);
      return;
    }
    List<BatchSubmission> batches = inner((AggregatedSubmission) s);
    Bytes32 start = chain.latestRoot;
    for (BatchSubmission b : batches) {
      record(b);
    }
    for (BatchSubmission b : batches.subList(0, batches.size() - 1)) {
      if (!b.newRoot().equals(chain.latestRoot) && !b.newRoot().equals(start)) {
        chain.roots.remove(b.newRoot());
      }
    }
  }

  private void record(BatchSubmission b) {
    chain.recorded.add(b);
    chain.forceHead += b.forcedCount();
    chain.lastBatchTime = b.batchTime();
    chain.leafCount = b.newLeafCount();
    if (!b.newRoot().equals(chain.latestRoot)) {
      chain.roots.put(
          b.newRoot(), new RootInfo(chain.recorded.size(), chain.block, chain.time, b.batchTime()));
      chain.latestRoot = b.newRoot();
    }
  }

  private static Optional<Revert> revert(String signature, Bytes... args) {
    Bytes data = Bytes.concatenate(RollupErrors.selector(signature), Bytes.concatenate(args));
    return Optional.of(new Revert(data, "execution reverted"));
  }

  private static Bytes32 word(long v) {
    return Bytes32.leftPad(Bytes.ofUnsignedLong(v));
  }
}
