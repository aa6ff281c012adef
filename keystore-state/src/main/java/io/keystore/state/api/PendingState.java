package io.keystore.state.api;

import io.keystore.state.account.AccountConfig;
import io.keystore.state.crypto.Address;
import io.keystore.state.crypto.Eip712Domain;
import io.keystore.state.stf.StateTransition;
import io.keystore.state.stf.TransitionResult;
import io.keystore.state.tree.IndexedMerkleTree;
import io.keystore.state.tree.InvalidKeyException;
import io.keystore.state.tx.Transaction;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.apache.tuweni.bytes.Bytes32;

/**
 * A speculative state for admitting transactions: the configurations of a base state (read through
 * a lookup, e.g. the committed {@link KeystoreState#account}) with transactions applied on top in
 * memory. It decides as {@link KeystoreState#apply} does, since the state transition needs only the
 * account's current configuration (docs/spec/transactions.md §6), but it keeps no tree: no leaf
 * hashes, no inserts, no witnesses. The batch that commits the transactions computes those.
 *
 * <p>Admission is split in two so that the costly part runs on any number of threads:
 *
 * <ol>
 *   <li>{@link #prepare} (any thread, no lock) runs the state transition against the account's
 *       configuration as this view holds it now: ECDSA verification against the key the transaction
 *       must be signed by, the creation-address and commitment hashes, the settings rules. Nothing
 *       changes.
 *   <li>{@link #apply} (serial) looks the configuration up again and, when it is still the one the
 *       transaction was prepared against, takes the prepared result: the state transition is a pure
 *       function of (domain, configuration, transaction, time). Otherwise (another transaction of
 *       the same account came first) it runs the state transition again. Either way the result is
 *       exactly what a serial run of {@link StateTransition#apply} gives at that point, so the
 *       state transition stays the only place the rules live.
 * </ol>
 *
 * <p>The base must not change while the view is in use: base reads are remembered (a bounded
 * number). After the base changes (a batch committed), make a new view and apply the transactions
 * still pending to it. The view holds one configuration per account a transaction was applied to.
 */
public final class PendingState {

  /** How many base reads a view remembers (a bound: lookups of absent accounts cost nothing). */
  static final int BASE_READS_KEPT = 1 << 16;

  private final Function<Address, Optional<AccountConfig>> base;
  private final StateTransition stf;
  private final int baseReadsKept;

  /** The configurations the applied transactions left: one per account, the latest. */
  private final ConcurrentHashMap<Address, AccountConfig> applied = new ConcurrentHashMap<>();

  /** Base reads remembered (empty: absent), dropped all at once when the bound is reached. */
  private final ConcurrentHashMap<Address, Optional<AccountConfig>> baseReads =
      new ConcurrentHashMap<>();

  /**
   * @param base the base state's configuration of an account, empty when it is absent; called from
   *     any thread, possibly more than once for an account
   */
  public PendingState(Function<Address, Optional<AccountConfig>> base, Eip712Domain domain) {
    this(base, domain, BASE_READS_KEPT);
  }

  PendingState(
      Function<Address, Optional<AccountConfig>> base, Eip712Domain domain, int baseReadsKept) {
    this.base = Objects.requireNonNull(base, "base");
    this.stf = new StateTransition(Objects.requireNonNull(domain, "domain"));
    this.baseReadsKept = baseReadsKept;
  }

  /** The account's configuration in this view, empty when it is absent. */
  public Optional<AccountConfig> account(Address account) {
    AccountConfig mine = applied.get(account);
    if (mine != null) {
      return Optional.of(mine);
    }
    Optional<AccountConfig> read = baseReads.get(account);
    if (read == null) {
      read = Objects.requireNonNull(base.apply(account), "base read");
      if (baseReads.size() >= baseReadsKept) {
        baseReads.clear();
      }
      baseReads.put(account, read);
    }
    mine = applied.get(account); // applied meanwhile: that is the account now
    return mine != null ? Optional.of(mine) : read;
  }

  /**
   * Runs the state transition for {@code tx} at {@code time} against the account as it is now,
   * changing nothing. Thread-safe and lock-free (apart from what a base read takes).
   */
  public Prepared prepare(Transaction tx, long time) {
    Objects.requireNonNull(tx, "tx");
    Optional<AccountConfig> current = account(tx.account());
    return new Prepared(tx, time, stf.domain(), current, stf.apply(current, tx, time));
  }

  /**
   * Applies a prepared transaction: its result when the account is still as it was prepared
   * against, else the state transition run again. Serial: one call at a time.
   *
   * @throws InvalidKeyException if an account would be created at a key the tree cannot hold (as
   *     {@link KeystoreState#apply} would)
   */
  public synchronized TransitionResult apply(Prepared p) {
    Address account = p.tx().account();
    Optional<AccountConfig> current = account(account);
    TransitionResult result =
        current.equals(p.current) && p.domain.equals(stf.domain())
            ? p.result
            : stf.apply(current, p.tx(), p.time());
    if (result instanceof TransitionResult.Applied a) {
      Bytes32 key = KeystoreState.treeKey(account);
      if (a.created() && !IndexedMerkleTree.isValidKey(key)) {
        throw new InvalidKeyException(key);
      }
      applied.put(account, a.newConfig());
    }
    return result;
  }

  /** Prepares and applies {@code tx} at {@code time}: a serial run of the state transition. */
  public synchronized TransitionResult apply(Transaction tx, long time) {
    return apply(prepare(tx, time));
  }

  /**
   * A transaction with the state transition's result against one configuration of its account. Only
   * {@link #prepare} makes one, so a result can never be handed in from outside.
   */
  public static final class Prepared {
    private final Transaction tx;
    private final long time;
    private final Eip712Domain domain;
    private final Optional<AccountConfig> current;
    private final TransitionResult result;

    private Prepared(
        Transaction tx,
        long time,
        Eip712Domain domain,
        Optional<AccountConfig> current,
        TransitionResult result) {
      this.tx = tx;
      this.time = time;
      this.domain = domain;
      this.current = current;
      this.result = result;
    }

    public Transaction tx() {
      return tx;
    }

    /** The time it is judged at. */
    public long time() {
      return time;
    }

    /** The result against the configuration the account had when it was prepared. */
    public TransitionResult result() {
      return result;
    }
  }
}
