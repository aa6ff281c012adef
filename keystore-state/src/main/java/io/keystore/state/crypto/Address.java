package io.keystore.state.crypto;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import org.apache.tuweni.bytes.Bytes;

/**
 * A 20-byte address: a keystore account's address (docs/spec/state.md §5) or an Ethereum address
 * (of a key, of a contract). Immutable; shown in EIP-55 mixed case.
 */
public final class Address implements Comparable<Address> {

  /** The length in bytes. */
  public static final int LENGTH = 20;

  private final byte[] bytes;

  private Address(byte[] bytes) {
    this.bytes = bytes;
  }

  /**
   * The address of 20 bytes.
   *
   * @throws IllegalArgumentException if the length is not 20
   */
  public static Address wrap(Bytes bytes) {
    if (bytes.size() != LENGTH) {
      throw new IllegalArgumentException("an address is " + LENGTH + " bytes, got " + bytes.size());
    }
    return new Address(bytes.toArray());
  }

  /**
   * The address whose big-endian value is {@code value}.
   *
   * @throws IllegalArgumentException if the value is negative or not below 2^160
   */
  public static Address fromBigInteger(BigInteger value) {
    if (value.signum() < 0 || value.bitLength() > 8 * LENGTH) {
      throw new IllegalArgumentException("not a 160-bit value: " + value);
    }
    byte[] raw = value.toByteArray();
    byte[] out = new byte[LENGTH];
    int n = Math.min(raw.length, LENGTH);
    System.arraycopy(raw, raw.length - n, out, LENGTH - n, n);
    return new Address(out);
  }

  /**
   * Parses {@code 0x} and 40 hex digits: all lower case, all upper case, or a correct EIP-55
   * checksum.
   *
   * @throws IllegalArgumentException otherwise
   */
  public static Address fromHex(String hex) {
    if (hex == null || !hex.startsWith("0x") || hex.length() != 2 + 2 * LENGTH) {
      throw new IllegalArgumentException("an address is 0x and 40 hex digits: " + hex);
    }
    String digits = hex.substring(2);
    byte[] b;
    try {
      b = HexFormat.of().parseHex(digits);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not hex: " + hex, e);
    }
    Address a = new Address(b);
    boolean lower = digits.equals(digits.toLowerCase(Locale.ROOT));
    boolean upper = digits.equals(digits.toUpperCase(Locale.ROOT));
    if (!lower && !upper && !a.toChecksumHex().equals(hex)) {
      throw new IllegalArgumentException("bad EIP-55 checksum: " + hex);
    }
    return a;
  }

  /** A copy of the 20 bytes. */
  public Bytes toBytes() {
    return Bytes.wrap(bytes.clone());
  }

  /** The big-endian value, below 2^160. */
  public BigInteger toBigInteger() {
    return new BigInteger(1, bytes);
  }

  /** The 32-byte ABI word: 12 zero bytes, then the address. */
  public byte[] toAbiWord() {
    byte[] w = new byte[32];
    System.arraycopy(bytes, 0, w, 32 - LENGTH, LENGTH);
    return w;
  }

  /** 0x and 40 hex digits in EIP-55 mixed case. */
  public String toChecksumHex() {
    String lower = HexFormat.of().formatHex(bytes);
    byte[] h = Keccak256.hash(lower.getBytes(StandardCharsets.US_ASCII)).toArrayUnsafe();
    StringBuilder sb = new StringBuilder("0x");
    for (int i = 0; i < lower.length(); i++) {
      char c = lower.charAt(i);
      int nibble = (h[i / 2] >> (i % 2 == 0 ? 4 : 0)) & 0xf;
      sb.append(c >= 'a' && nibble >= 8 ? Character.toUpperCase(c) : c);
    }
    return sb.toString();
  }

  @Override
  public int compareTo(Address o) {
    return Arrays.compareUnsigned(bytes, o.bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Address a && Arrays.equals(bytes, a.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return toChecksumHex();
  }
}
