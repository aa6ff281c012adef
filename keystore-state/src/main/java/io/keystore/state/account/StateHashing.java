package io.keystore.state.account;

import io.keystore.state.crypto.Address;
import io.keystore.state.crypto.PublicKey;
import io.keystore.state.hash.Fr;
import io.keystore.state.hash.Poseidon2;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The hashes of the account model, bit for bit as docs/spec/state.md defines them: tagged Poseidon2
 * chains H_tag(x1..xn) = C(...C(C(tag, x1), x2)..., xn) over the domain tags 2..9. Stateless and
 * thread-safe.
 */
public final class StateHashing {

  /** Account address (state.md §5). */
  public static final Fr DOMAIN_ADDRESS = Fr.of(2);

  /** Configuration hash, the leaf value (state.md §4.5). */
  public static final Fr DOMAIN_CONFIG = Fr.of(3);

  /** Public-key hash (state.md §3). */
  public static final Fr DOMAIN_KEY = Fr.of(4);

  /** Guardian set hash (state.md §4.2). */
  public static final Fr DOMAIN_GUARDIANS = Fr.of(5);

  /** Pending recovery hash (state.md §4.3). */
  public static final Fr DOMAIN_PENDING_RECOVERY = Fr.of(6);

  /** Pending update hash (state.md §4.4). */
  public static final Fr DOMAIN_PENDING_UPDATE = Fr.of(7);

  /** The commitment an UpdateConfig signature covers (transactions.md §4.3). */
  public static final Fr DOMAIN_UPDATE_REQUEST = Fr.of(8);

  /** Spending rules hash (state.md §8). */
  public static final Fr DOMAIN_SPENDING_RULES = Fr.of(9);

  private static final BigInteger TWO_128 = BigInteger.ONE.shiftLeft(128);
  private static final BigInteger LOW_160 = BigInteger.ONE.shiftLeft(160).subtract(BigInteger.ONE);

  /**
   * Memos of key and guardian-set hashes: the same guardian keys and sets are hashed for every
   * transaction of an account (the update commitment, the configuration hash). Bounded: a full memo
   * is cleared.
   */
  private static final int MEMO_SIZE = 1 << 14;

  private static final Map<PublicKey, Fr> KEY_HASHES = new ConcurrentHashMap<>();
  private static final Map<GuardianSet, Fr> GUARDIAN_SET_HASHES = new ConcurrentHashMap<>();

  private StateHashing() {}

  private static <K> Fr remember(Map<K, Fr> memo, K key, Fr value) {
    if (memo.size() >= MEMO_SIZE) {
      memo.clear();
    }
    memo.put(key, value);
    return value;
  }

  /** H_tag(x1, ..., xn): a chain of compressions starting from the tag. */
  public static Fr tagged(Fr tag, Fr... inputs) {
    Fr acc = tag;
    for (Fr x : inputs) {
      acc = Poseidon2.compress(acc, x);
    }
    return acc;
  }

  /** keyHash = H_4(scheme, x_hi, x_lo, y_hi, y_lo), 128-bit halves of the coordinates. */
  public static Fr keyHash(PublicKey key) {
    Fr known = KEY_HASHES.get(key);
    return known != null ? known : remember(KEY_HASHES, key, computeKeyHash(key));
  }

  private static Fr computeKeyHash(PublicKey key) {
    BigInteger[] x = key.x().divideAndRemainder(TWO_128);
    BigInteger[] y = key.y().divideAndRemainder(TWO_128);
    return tagged(
        DOMAIN_KEY,
        Fr.of(key.scheme()),
        Fr.fromBigInteger(x[0]),
        Fr.fromBigInteger(x[1]),
        Fr.fromBigInteger(y[0]),
        Fr.fromBigInteger(y[1]));
  }

  /**
   * guardianSetHash = H_5(threshold, recoveryDelay, g0, g1, g2, g3), g_i the key hash of guardian i
   * or 0 for an empty slot.
   *
   * @throws IllegalStateException if there are more than 4 guardians
   */
  public static Fr guardianSetHash(GuardianSet set) {
    Fr known = GUARDIAN_SET_HASHES.get(set);
    return known != null ? known : remember(GUARDIAN_SET_HASHES, set, computeGuardianSetHash(set));
  }

  private static Fr computeGuardianSetHash(GuardianSet set) {
    List<PublicKey> g = set.guardians();
    if (g.size() > GuardianSet.MAX_GUARDIANS) {
      throw new IllegalStateException("more than " + GuardianSet.MAX_GUARDIANS + " guardians");
    }
    Fr[] in = new Fr[2 + GuardianSet.MAX_GUARDIANS];
    in[0] = Fr.of(set.threshold());
    in[1] = U64.toFr(set.recoveryDelay());
    for (int i = 0; i < GuardianSet.MAX_GUARDIANS; i++) {
      in[2 + i] = i < g.size() ? keyHash(g.get(i)) : Fr.ZERO;
    }
    return tagged(DOMAIN_GUARDIANS, in);
  }

  /**
   * 0 for none, else H_6(keyHash(proposedOwner), votes, executableAfter) with votes = approvals +
   * 16·vetoes.
   */
  public static Fr pendingRecoveryHash(java.util.Optional<PendingRecovery> pending) {
    if (pending.isEmpty()) {
      return Fr.ZERO;
    }
    PendingRecovery p = pending.get();
    return tagged(
        DOMAIN_PENDING_RECOVERY,
        keyHash(p.proposedOwner()),
        Fr.of(p.votes()),
        U64.toFr(p.executableAfter()));
  }

  /** 0 for none, else H_7(guardianSetHash', spendingRulesHash', executableAfter). */
  public static Fr pendingUpdateHash(java.util.Optional<PendingUpdate> pending) {
    if (pending.isEmpty()) {
      return Fr.ZERO;
    }
    PendingUpdate p = pending.get();
    return tagged(
        DOMAIN_PENDING_UPDATE,
        guardianSetHash(p.guardianSet()),
        p.spendingRulesHash(),
        U64.toFr(p.executableAfter()));
  }

  /**
   * configHash = H_3(keyHash(owner), guardianSetHash, spendingRulesHash, nonce, recoveryEpoch,
   * pendingRecoveryHash, pendingUpdateHash).
   */
  public static Fr configHash(AccountConfig c) {
    return tagged(
        DOMAIN_CONFIG,
        keyHash(c.owner()),
        guardianSetHash(c.guardianSet()),
        c.spendingRulesHash(),
        U64.toFr(c.nonce()),
        U64.toFr(c.recoveryEpoch()),
        pendingRecoveryHash(c.pendingRecovery()),
        pendingUpdateHash(c.pendingUpdate()));
  }

  /** The address of an account: the low 160 bits of H_2(salt, initialConfigHash). */
  public static Address address(Fr salt, Fr initialConfigHash) {
    Fr h = tagged(DOMAIN_ADDRESS, salt, initialConfigHash);
    return Address.fromBigInteger(h.toBigInteger().and(LOW_160));
  }

  /** H_8(keyHash(owner), guardianSetHash, spendingRulesHash) of the requested settings. */
  public static Fr updateCommitment(Settings s) {
    return tagged(
        DOMAIN_UPDATE_REQUEST,
        keyHash(s.owner()),
        guardianSetHash(s.guardianSet()),
        s.spendingRulesHash());
  }

  /**
   * 0 for no rules, else H_9(n, token_0, period_0, limit_0, ..., token_{n-1}, period_{n-1},
   * limit_{n-1}): tokens as 160-bit integers, periods as u64, limits as field elements.
   */
  public static Fr spendingRulesHash(SpendingRules rules) {
    if (rules.isEmpty()) {
      return Fr.ZERO;
    }
    Fr[] in = new Fr[1 + 3 * rules.size()];
    in[0] = Fr.of(rules.size());
    int i = 1;
    for (SpendingRule r : rules.rules()) {
      in[i++] = treeKey(r.token());
      in[i++] = U64.toFr(r.period());
      in[i++] = Fr.fromBigInteger(r.limit());
    }
    return tagged(DOMAIN_SPENDING_RULES, in);
  }

  /** The tree key of an account: its address as a field element (below 2^160). */
  public static Fr treeKey(Address address) {
    return Fr.fromBigInteger(address.toBigInteger());
  }
}
