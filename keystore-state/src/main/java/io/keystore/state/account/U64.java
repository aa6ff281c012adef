package io.keystore.state.account;

import io.keystore.state.hash.Fr;
import java.math.BigInteger;

/**
 * Unsigned 64-bit integers (nonces, epochs, times, delays) held in a Java {@code long}: the bits
 * are the value, so values of 2^63 and more are negative longs. Compare them with {@link
 * Long#compareUnsigned}.
 */
public final class U64 {

  /** 2^64 - 1, as a long (-1). */
  public static final long MAX = -1L;

  private U64() {}

  /** The value as a non-negative BigInteger. */
  public static BigInteger toBigInteger(long v) {
    return new BigInteger(Long.toUnsignedString(v));
  }

  /** The value as a field element. */
  public static Fr toFr(long v) {
    return v >= 0 ? Fr.of(v) : Fr.fromBigInteger(toBigInteger(v));
  }

  /** a + b, or empty when it overflows 2^64 - 1. */
  public static java.util.OptionalLong add(long a, long b) {
    long sum = a + b;
    return Long.compareUnsigned(sum, a) < 0
        ? java.util.OptionalLong.empty()
        : java.util.OptionalLong.of(sum);
  }

  /** Whether a >= b, unsigned. */
  public static boolean geq(long a, long b) {
    return Long.compareUnsigned(a, b) >= 0;
  }

  /** The decimal string of the unsigned value. */
  public static String toString(long v) {
    return Long.toUnsignedString(v);
  }
}
