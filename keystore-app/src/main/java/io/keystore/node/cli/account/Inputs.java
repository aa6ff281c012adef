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
import org.apache.tuweni.bytes.Bytes;

/**
 * Parses command-line values; every failure is an IllegalArgumentException with a clear message.
 */
final class Inputs {

  private Inputs() {}

  /**
   * A public key: SEC 1 uncompressed (0x04 ‖ x ‖ y, 65 bytes) or x ‖ y (64 bytes), hex. An Ethereum
   * address is not enough: the keystore commits to the key itself.
   */
  static PublicKey publicKey(String text) {
    String hex = text.startsWith("0x") ? text.substring(2) : text;
    if (hex.length() == 40) {
      throw new IllegalArgumentException(
          text
              + " is an address; the keystore needs the public key"
              + " (0x04 and 128 hex digits): `keystore-node account pubkey` prints it");
    }
    if (!hex.matches("([0-9a-fA-F]{2})+")) {
      throw new IllegalArgumentException("not a hex public key: " + text);
    }
    Bytes b = Bytes.fromHexString(hex);
    if (b.size() == 65) {
      return PublicKey.fromUncompressed(b);
    }
    if (b.size() == 64) {
      return PublicKey.fromXY(b);
    }
    throw new IllegalArgumentException(
        "a public key is 65 bytes (0x04 ‖ x ‖ y) or 64 bytes (x ‖ y), got " + b.size());
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
