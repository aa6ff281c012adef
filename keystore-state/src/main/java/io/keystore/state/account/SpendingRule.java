package io.keystore.state.account;

import io.keystore.state.crypto.Address;
import io.keystore.state.hash.Fr;
import java.math.BigInteger;
import java.util.Objects;

/**
 * One spending limit of a mini-account (docs/spec/state.md §8): at most {@code limit} units of
 * {@code token} per {@code period} seconds. Valid by construction: period above 0, limit a
 * non-negative integer below the field modulus r.
 *
 * @param token the token contract, or {@link #NATIVE} (the zero address) for ETH itself
 * @param period seconds (u64, unsigned, not 0)
 * @param limit the most that may be spent per period, in the token's smallest unit; 0 forbids
 *     spending the token
 */
public record SpendingRule(Address token, long period, BigInteger limit) {

  /** The token address that stands for native ETH. */
  public static final Address NATIVE =
      Address.wrap(org.apache.tuweni.bytes.Bytes.wrap(new byte[20]));

  /** The largest limit: r − 1, so that a limit is one field element. */
  public static final BigInteger MAX_LIMIT = Fr.MODULUS.subtract(BigInteger.ONE);

  public SpendingRule {
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(limit, "limit");
    if (period == 0) {
      throw new IllegalArgumentException("a spending rule's period must be above 0 seconds");
    }
    if (limit.signum() < 0 || limit.compareTo(MAX_LIMIT) > 0) {
      throw new IllegalArgumentException(
          "a spending rule's limit must be in [0, r - 1] (a field element), got " + limit);
    }
  }

  /** Whether this is a limit on native ETH. */
  public boolean isNative() {
    return token.equals(NATIVE);
  }
}
