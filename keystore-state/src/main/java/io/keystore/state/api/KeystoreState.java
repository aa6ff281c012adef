package io.keystore.state.api;

import io.keystore.state.account.AccountConfig;
import io.keystore.state.crypto.Address;
import io.keystore.state.crypto.Eip712Domain;
import io.keystore.state.stf.RejectionReason;
import io.keystore.state.stf.StateTransition;
import io.keystore.state.stf.TransitionResult;
import io.keystore.state.tree.IndexedMerkleTree;
import io.keystore.state.tree.Leaf;
import io.keystore.state.tree.TreeBatch;
import io.keystore.state.tree.TreeChanges;
import io.keystore.state.tree.TreeStore;
import io.keystore.state.tree.TreeWitness;
import io.keystore.state.tx.DecodingException;
import io.keystore.state.tx.ForcedTransaction;
import io.keystore.state.tx.Transaction;
import io.keystore.state.tx.TxCodec;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The keystore state: the state transition function over the indexed Merkle tree, whose leaf of an
 * account holds its configHash, and a {@link ConfigStore} beside it holding the configurations
 * themselves.
 *
 * <p>Every write is a batch: the tree changes go to a {@link TreeBatch} and the configuration
 * changes to a buffer, and both reach their stores only when the whole batch has run. A rejected
 * transaction changes nothing and the batch goes on; any other failure (a store error, an
 * inconsistency between the stores) throws and leaves the state as it was before the batch.
 *
 * <p>On commit both change sets go to the {@link StateStore} in one {@link StateStore#commit}: over
 * H2 ({@code io.keystore.state.storage.H2StateStore}) that is one database transaction; over two
 * separate stores ({@link StateStore#of}) the configurations are written first, then the tree, and
 * the configurations are restored if the tree's write fails. Reads check that the stored
 * configuration hashes to the account's leaf value, so a disagreement between the two stores is an
 * {@link IllegalStateException}, never a silent wrong answer. A bounded cache keeps the
 * configurations this instance committed with their hashes: when the leaf value still equals the
 * cached hash, the cached configuration is the leaf's preimage, and neither the store read nor the
 * hash is needed.
 *
 * <p>Thread-safe by mutual exclusion: one call at a time.
 */
public final class KeystoreState {

  private static final Logger LOG = LoggerFactory.getLogger(KeystoreState.class);

  private final StateStore store;
  private final IndexedMerkleTree tree;
  private final ConfigStore configs;
  private final StateTransition stf;
  private final Map<Address, Known> cache =
      new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Address, Known> eldest) {
          return size() > CACHE_SIZE;
        }
      };

  /** How many verified configurations the cache holds. */
  static final int CACHE_SIZE = 1 << 16;

  /**
   * A state over {@code store} (an empty tree store starts at genesis), whose config store must
   * hold the configuration of every account in the tree. Each batch reaches the store in one {@link
   * StateStore#commit}.
   */
  public KeystoreState(StateStore store, Eip712Domain domain) {
    this.store = Objects.requireNonNull(store, "store");
    this.tree = new IndexedMerkleTree(store.tree());
    this.configs = store.configs();
    this.stf = new StateTransition(Objects.requireNonNull(domain, "domain"));
  }

  /**
   * A state over two separate stores ({@link StateStore#of}): configurations written first, then
   * the tree, the configurations restored if the tree's write fails.
   */
  public KeystoreState(TreeStore treeStore, ConfigStore configs, Eip712Domain domain) {
    this(StateStore.of(treeStore, configs), domain);
  }

  /** A state over {@code treeStore} with the configurations in memory: for an empty tree store. */
  public KeystoreState(TreeStore treeStore, Eip712Domain domain) {
    this(treeStore, new MemoryConfigStore(), domain);
  }

  /** The tree key of an account: its address left-padded to 32 bytes. */
  public static Bytes32 treeKey(Address account) {
    return Bytes32.leftPad(account.toBytes());
  }

  // ---------------------------------------------------------------- writes

  /** Applies one transaction at batch time {@code time}: a batch of one. */
  public synchronized TxOutcome apply(Transaction tx, long time) {
    return applyBatch(List.of(tx), time).outcomes().get(0);
  }

  /**
   * Applies {@code txs} in order at batch time {@code time}, all of them or (on a failure other
   * than a rejection) none. Rejected transactions are reported and skipped.
   *
   * @throws IllegalStateException if the stores disagree, or a store's exception: the state is then
   *     as it was before the call
   */
  public synchronized BatchResult applyBatch(List<Transaction> txs, long time) {
    return applyBatch(List.of(), txs, time);
  }

  /**
   * Applies the forced transactions {@code forced} (docs/spec/proof.md §7, in queue order), then
   * {@code txs}, at batch time {@code time}, all or none. A forced transaction the state transition
   * rejects stays in the batch as {@link TxOutcome.ForcedRejected}, with what the proof of its
   * rejection reads; the others' rejections are reported and skipped.
   *
   * @throws IllegalArgumentException if a forced transaction is rejected for a reason the L1 queue
   *     rules out (it was not validated with {@link ForcedTransaction#validate}): the state is then
   *     as it was before the call
   * @throws IllegalStateException if the stores disagree, or a store's exception: the state is then
   *     as it was before the call
   */
  public synchronized BatchResult applyBatch(
      List<ForcedTransaction> forced, List<Transaction> txs, long time) {
    List<ForcedTransaction> forcedList = List.copyOf(forced);
    List<Transaction> list = List.copyOf(txs);
    Bytes32 oldRoot = tree.root();
    long oldLeafCount = tree.leafCount();
    Pending pending = new Pending();
    List<TxOutcome> outcomes = new ArrayList<>(forcedList.size() + list.size());
    try (TreeBatch batch = tree.beginBatch()) {
      IndexedMerkleTree t = batch.tree();
      for (ForcedTransaction f : forcedList) {
        outcomes.add(applyForced(t, pending, f.tx(), time));
      }
      for (Transaction tx : list) {
        outcomes.add(applyOne(t, pending, tx, time));
      }
      Bytes32 newRoot = t.root();
      long newLeafCount = t.leafCount();
      commit(batch, pending);
      return new BatchResult(
          oldRoot, newRoot, oldLeafCount, newLeafCount, time, outcomes, forcedList);
    }
  }

  /**
   * Rejection reasons a forced transaction can have after the L1 queue's checks (proof.md §7.4).
   */
  private static final Set<RejectionReason> PROVABLE_REJECTIONS =
      EnumSet.of(
          RejectionReason.ACCOUNT_NOT_FOUND,
          RejectionReason.ACCOUNT_EXISTS,
          RejectionReason.BAD_NONCE,
          RejectionReason.BAD_RECOVERY_EPOCH,
          RejectionReason.WRONG_SIGNER,
          RejectionReason.NOT_A_GUARDIAN,
          RejectionReason.DUPLICATE_APPROVAL,
          RejectionReason.RECOVERY_IN_PROGRESS,
          RejectionReason.THRESHOLD_NOT_REACHED,
          RejectionReason.DELAY_NOT_PASSED,
          RejectionReason.NOTHING_PENDING,
          RejectionReason.COUNTER_OVERFLOW,
          RejectionReason.GUARDIAN_VETO_REQUIRED);

  private TxOutcome applyForced(IndexedMerkleTree t, Pending pending, Transaction tx, long time) {
    Bytes32 key = treeKey(tx.account());
    Optional<AccountConfig> current = read(t, pending, tx.account(), key);
    TxOutcome outcome = applyOne(t, pending, tx, time);
    if (!(outcome instanceof TxOutcome.Rejected r)) {
      return outcome;
    }
    if (!PROVABLE_REJECTIONS.contains(r.reason())) {
      throw new IllegalArgumentException(
          "forced transaction rejected for "
              + r.reason()
              + ", which the L1 queue rules out: "
              + r.message());
    }
    TxOutcome.AccountRead read =
        current.isPresent()
            ? new TxOutcome.AccountRead.Present(t.membershipProof(key), current.get())
            : new TxOutcome.AccountRead.Absent(t.nonMembershipProof(key));
    return new TxOutcome.ForcedRejected(tx, r.reason(), r.message(), read);
  }

  private TxOutcome applyOne(IndexedMerkleTree t, Pending pending, Transaction tx, long time) {
    Objects.requireNonNull(tx, "tx");
    Address account = tx.account();
    Bytes32 key = treeKey(account);
    Optional<AccountConfig> current = read(t, pending, account, key);
    TransitionResult result = stf.apply(current, tx, time);
    return switch (result) {
      case TransitionResult.Rejected r -> new TxOutcome.Rejected(tx, r.reason(), r.message());
      case TransitionResult.Applied a -> {
        Bytes32 value = a.newConfig().hash().toBytes();
        TreeWitness w = a.created() ? t.insert(key, value) : t.update(key, value);
        pending.configs.put(account, new Known(a.newConfig(), value));
        AccountConfig previous =
            current.orElseGet(() -> tx.creation().orElseThrow().initialConfig());
        yield new TxOutcome.Applied(tx, previous, a.newConfig(), a.created(), a.effects(), w);
      }
    };
  }

  /** Hands the tree changes and the configurations to the store in one call, then closes. */
  private void commit(TreeBatch batch, Pending pending) {
    TreeChanges changes = batch.changes();
    if (changes.isEmpty() && pending.configs.isEmpty()) {
      return; // nothing applied: no batch to store
    }
    Map<Address, Bytes> writes = new LinkedHashMap<>();
    pending.configs.forEach((a, k) -> writes.put(a, TxCodec.encodeConfig(k.config())));
    store.commit(changes, writes);
    batch.close();
    cache.putAll(pending.configs);
    LOG.debug("committed a batch: {} configurations, root {}", writes.size(), tree.root());
  }

  /** The configuration buffered in this batch, else the stored one checked against the leaf. */
  private Optional<AccountConfig> read(
      IndexedMerkleTree t, Pending pending, Address account, Bytes32 key) {
    Known buffered = pending.configs.get(account);
    if (buffered != null) {
      return Optional.of(buffered.config()); // written in this batch, its hash is the leaf value
    }
    Optional<Leaf> leaf = leaf(t, key);
    Optional<AccountConfig> known = fromCache(account, leaf);
    return known.isPresent() ? known : checked(account, leaf, configs.get(account));
  }

  private static Optional<Leaf> leaf(IndexedMerkleTree t, Bytes32 key) {
    return IndexedMerkleTree.isValidKey(key) ? t.get(key) : Optional.empty();
  }

  /** The cached configuration of {@code account}, if its hash is the leaf's value. */
  private Optional<AccountConfig> fromCache(Address account, Optional<Leaf> leaf) {
    Known k = cache.get(account);
    if (k != null && leaf.isPresent() && k.hash().equals(leaf.get().value())) {
      return Optional.of(k.config());
    }
    return Optional.empty();
  }

  /**
   * The stored configuration of {@code account}, checked against its leaf: empty when both are
   * absent.
   *
   * @throws IllegalStateException if the config store and the tree disagree
   */
  private static Optional<AccountConfig> checked(
      Address account, Optional<Leaf> leaf, Optional<Bytes> stored) {
    if (leaf.isEmpty()) {
      if (stored.isPresent()) {
        throw new IllegalStateException(
            "the config store holds account " + account + ", which is not in the tree");
      }
      return Optional.empty();
    }
    if (stored.isEmpty()) {
      throw new IllegalStateException(
          "account " + account + " is in the tree but not in the config store");
    }
    AccountConfig config;
    try {
      config = TxCodec.decodeConfig(stored.get());
    } catch (DecodingException e) {
      throw new IllegalStateException("the stored configuration of " + account + " is corrupt", e);
    }
    if (!config.hash().toBytes().equals(leaf.get().value())) {
      throw new IllegalStateException(
          "the stored configuration of " + account + " does not hash to its leaf value");
    }
    return Optional.of(config);
  }

  // ---------------------------------------------------------------- queries

  /** The current root. */
  public synchronized Bytes32 root() {
    return tree.root();
  }

  /** The number of accounts in the tree. */
  public synchronized long size() {
    return tree.size();
  }

  /** The account's configuration, or empty if it is not in the tree. */
  public synchronized Optional<AccountConfig> account(Address account) {
    Optional<Leaf> leaf = leaf(tree, treeKey(account));
    Optional<AccountConfig> known = fromCache(account, leaf);
    return known.isPresent() ? known : checked(account, leaf, configs.get(account));
  }

  /**
   * The account's state against the current root: its configuration and membership proof, or a
   * non-membership proof for an account never written.
   *
   * @throws io.keystore.state.tree.InvalidKeyException for the zero address, which cannot be a key
   */
  public synchronized AccountProof proof(Address account) {
    Bytes32 key = treeKey(account);
    Optional<AccountConfig> config = account(account);
    return proof(tree, account, key, config);
  }

  /**
   * The account's state in any tree and config store that belong together (e.g. a historical view
   * of both at one batch): the stored configuration, checked against the leaf, with its membership
   * proof, or a non-membership proof.
   *
   * @throws IllegalStateException if the config store and the tree disagree
   * @throws io.keystore.state.tree.InvalidKeyException for the zero address
   */
  public static AccountProof proof(IndexedMerkleTree tree, ConfigStore configs, Address account) {
    Bytes32 key = treeKey(account);
    Optional<AccountConfig> config = checked(account, leaf(tree, key), configs.get(account));
    return proof(tree, account, key, config);
  }

  private static AccountProof proof(
      IndexedMerkleTree tree, Address account, Bytes32 key, Optional<AccountConfig> config) {
    Bytes32 root = tree.root();
    if (config.isPresent()) {
      return new AccountProof.Member(account, root, config.get(), tree.membershipProof(key));
    }
    return new AccountProof.NonMember(account, root, tree.nonMembershipProof(key));
  }

  /** A configuration and its hash (the leaf value it was written as). */
  private record Known(AccountConfig config, Bytes32 hash) {}

  /** A batch's buffered configurations. */
  private static final class Pending {
    final Map<Address, Known> configs = new LinkedHashMap<>();
  }
}
