package io.keystore.state.account;

import io.keystore.state.crypto.Address;
import io.keystore.state.hash.Fr;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The spending rules of an account (docs/spec/state.md §8): a list of 0 to {@value #MAX_RULES}
 * {@link SpendingRule}s with pairwise distinct tokens, in ascending token order (so that a set of
 * rules has one list, and one hash). The keystore stores only {@link #hash()} (the configuration's
 * {@code spendingRulesHash}); the mini-account checks the list against it and enforces it. The
 * empty list (no limits) hashes to 0. Its binary and JSON forms are in {@code TxCodec} and {@code
 * TxJson}, beside the other encodings. Immutable.
 */
public record SpendingRules(List<SpendingRule> rules) {

  /** The most rules a list may hold. */
  public static final int MAX_RULES = 8;

  /** No limits: hashes to 0. */
  public static final SpendingRules NONE = new SpendingRules(List.of());

  private static final Comparator<Address> TOKEN_ORDER = Comparator.naturalOrder();

  /**
   * @throws IllegalArgumentException if there are more than 8 rules, or the tokens are not strictly
   *     ascending (a token twice, or out of order: see {@link #sorted})
   */
  public SpendingRules {
    rules = List.copyOf(rules);
    if (rules.size() > MAX_RULES) {
      throw new IllegalArgumentException(
          "at most " + MAX_RULES + " spending rules, got " + rules.size());
    }
    for (int i = 1; i < rules.size(); i++) {
      int order = TOKEN_ORDER.compare(rules.get(i - 1).token(), rules.get(i).token());
      if (order == 0) {
        throw new IllegalArgumentException("token " + rules.get(i).token() + " has two rules");
      }
      if (order > 0) {
        throw new IllegalArgumentException(
            "spending rules must be in ascending token order: "
                + rules.get(i).token()
                + " after "
                + rules.get(i - 1).token());
      }
    }
  }

  /** The rules in ascending token order (tokens must still be distinct). */
  public static SpendingRules sorted(List<SpendingRule> rules) {
    List<SpendingRule> copy = new ArrayList<>(rules);
    copy.sort(Comparator.comparing(SpendingRule::token, TOKEN_ORDER));
    return new SpendingRules(copy);
  }

  /** The rules given, in ascending token order. */
  public static SpendingRules of(SpendingRule... rules) {
    return sorted(List.of(rules));
  }

  public int size() {
    return rules.size();
  }

  public boolean isEmpty() {
    return rules.isEmpty();
  }

  /**
   * spendingRulesHash: 0 for no rules, else H_9(n, token_0, period_0, limit_0, …, token_{n−1},
   * period_{n−1}, limit_{n−1}) (docs/spec/state.md §8).
   */
  public Fr hash() {
    return StateHashing.spendingRulesHash(this);
  }
}
