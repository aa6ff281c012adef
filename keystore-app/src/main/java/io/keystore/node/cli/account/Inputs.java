package io.keystore.node.cli.account;

import io.keystore.state.account.SpendingRule;
import io.keystore.state.account.SpendingRules;
import io.keystore.state.crypto.Address;
import io.keystore.state.crypto.PublicKey;
import io.keystore.state.tx.DecodingException;
import io.keystore.state.tx.TxJson;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;

/**
 * Parses command-line values; every failure is an IllegalArgumentException with a clear message.
 */
final class Inputs {

  private Inputs() {}

  /** How to write a key argument, for messages. */
  static final String KEY_FORMS =
      "0x04 ‖ x ‖ y hex (a secp256k1 key), SCHEME:0x04… (secp256k1, p256, webauthn), or the key"
          + " object {\"scheme\": 1 | 2 | 3, \"publicKey\": \"0x04…\"}";

  /**
   * Another party's public key (a guardian, a proposed owner): SEC 1 uncompressed hex (0x04 ‖ x ‖
   * y, 65 bytes) or x ‖ y (64 bytes), a secp256k1 key; the same prefixed with its scheme ({@code
   * p256:0x04…}, {@code webauthn:0x04…}, {@code secp256k1:0x04…}); or the key object of
   * transactions.md §7, {@code {"scheme": 2, "publicKey": "0x04…"}} (what {@code account pubkey
   * --json} prints). An Ethereum address is not enough: the keystore commits to the key itself.
   */
  static PublicKey publicKey(String text) {
    return publicKey(text, Optional.empty());
  }

  /**
   * A public key as {@link #publicKey(String)}, with bare hex read in {@code bareScheme} (when
   * given); a key of a named scheme must then be of that scheme.
   */
  static PublicKey publicKey(String text, Optional<KeyScheme> bareScheme) {
    String t = text.strip();
    Optional<KeyScheme> named = Optional.empty();
    PublicKey key;
    if (t.startsWith("{")) {
      try {
        key = TxJson.keyFromJson(t);
      } catch (DecodingException e) {
        throw new IllegalArgumentException("not a key object: " + e.getMessage(), e);
      }
      named = Optional.of(KeyScheme.of(key.scheme()));
    } else {
      int colon = t.indexOf(':');
      if (colon >= 0) {
        named = Optional.of(KeyScheme.named(t.substring(0, colon)));
        t = t.substring(colon + 1);
      }
      key = hexKey(t, named.or(() -> bareScheme).orElse(KeyScheme.SECP256K1));
    }
    if (named.isPresent() && bareScheme.isPresent() && named.get() != bareScheme.get()) {
      throw new IllegalArgumentException(
          "wrong scheme: " + text + " is a " + named.get() + " key, not " + bareScheme.get());
    }
    return key;
  }

  private static PublicKey hexKey(String text, KeyScheme scheme) {
    String hex = text.startsWith("0x") ? text.substring(2) : text;
    if (hex.length() == 40) {
      throw new IllegalArgumentException(
          text
              + " is an address; the keystore needs the public key"
              + " (0x04 and 128 hex digits): `keystore-node account pubkey` prints it");
    }
    if (!hex.matches("([0-9a-fA-F]{2})+")) {
      throw new IllegalArgumentException(
          "not a hex public key: " + text + "; keys are " + KEY_FORMS);
    }
    Bytes b = Bytes.fromHexString(hex);
    if (b.size() == 65) {
      return PublicKey.fromUncompressed(scheme.number, b);
    }
    if (b.size() == 64) {
      return PublicKey.fromXY(scheme.number, b);
    }
    throw new IllegalArgumentException(
        "a public key is 65 bytes (0x04 ‖ x ‖ y) or 64 bytes (x ‖ y), got " + b.size());
  }

  /** A key as an argument takes it: bare hex for secp256k1, SCHEME:0x04… otherwise. */
  static String argument(PublicKey k) {
    String hex = k.toUncompressed().toHexString();
    return k.scheme() == PublicKey.SCHEME_SECP256K1
        ? hex
        : KeyScheme.of(k.scheme()).cliName + ":" + hex;
  }

  static List<PublicKey> publicKeys(List<String> texts) {
    List<PublicKey> keys = new ArrayList<>();
    for (String t : texts) {
      keys.add(publicKey(t));
    }
    return keys;
  }

  /**
   * A rule TOKEN:PERIOD:LIMIT, with "eth" for native ETH, PERIOD in seconds, LIMIT in base units.
   */
  static SpendingRule rule(String text) {
    String[] parts = text.split(":");
    if (parts.length != 3) {
      throw new IllegalArgumentException(
          "a rule is TOKEN:PERIOD_SECONDS:LIMIT (e.g. eth:86400:1000000000000000000), got " + text);
    }
    Address token =
        parts[0].equalsIgnoreCase("eth") ? SpendingRule.NATIVE : Address.fromHex(parts[0]);
    try {
      long period = Long.parseUnsignedLong(parts[1]);
      BigInteger limit = new BigInteger(parts[2]);
      return new SpendingRule(token, period, limit);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("period and limit are decimal integers: " + text, e);
    }
  }

  /** The rules from --rule values or a rules file (state.md §8.4 JSON), in token order. */
  static SpendingRules rules(List<String> rules, Path rulesFile) {
    if (rulesFile != null && !rules.isEmpty()) {
      throw new IllegalArgumentException("give --rule or --rules-file, not both");
    }
    if (rulesFile != null) {
      try {
        return TxJson.spendingRulesFromJson(Files.readString(rulesFile));
      } catch (IOException | DecodingException e) {
        throw new IllegalArgumentException(
            "bad rules file " + rulesFile + ": " + e.getMessage(), e);
      }
    }
    List<SpendingRule> list = new ArrayList<>();
    for (String r : rules) {
      list.add(rule(r));
    }
    return SpendingRules.sorted(list);
  }
}
