package io.keystore.node.cli.account;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keystore.state.account.AccountConfig;
import io.keystore.state.account.AccountCreation;
import io.keystore.state.account.SpendingRules;
import io.keystore.state.crypto.Address;
import io.keystore.state.hash.Fr;
import io.keystore.state.tx.DecodingException;
import io.keystore.state.tx.TxJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes32;

/**
 * The account file {@code account create --out} writes: the address, the salt and the initial
 * settings (and the initial spending rule list, when there is one). Its data is public, but it is
 * needed: an account's first transaction carries it, and a non-membership proof is checked against
 * it.
 *
 * <pre>{"address": "0x…", "salt": "0x…", "initialSettings": {owner, guardians, threshold,
 *  recoveryDelay, spendingRulesHash}, "spendingRules": {"rules": […], "spendingRulesHash"} | null}
 * </pre>
 */
final class AccountFile {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private AccountFile() {}

  static ObjectNode toJson(AccountCreation creation, SpendingRules rules) {
    ObjectNode o = MAPPER.createObjectNode();
    o.put("address", creation.address().toChecksumHex());
    o.put("salt", TxJson.hex(creation.salt()));
    ObjectNode settings = TxJson.toJsonNode(creation.initialConfig());
    for (String f :
        new String[] {"nonce", "recoveryEpoch", "pendingRecovery", "pendingUpdate", "configHash"}) {
      settings.remove(f);
    }
    o.set("initialSettings", settings);
    if (rules.isEmpty()) {
      o.putNull("spendingRules");
    } else {
      o.set("spendingRules", TxJson.toJsonNode(rules));
    }
    return o;
  }

  static void write(Path file, AccountCreation creation, SpendingRules rules) throws IOException {
    Files.writeString(
        file,
        MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(toJson(creation, rules)) + "\n");
  }

  /**
   * Reads an account file and checks that its salt and settings give its address.
   *
   * @throws IllegalArgumentException if it cannot be read or is not a consistent account file
   */
  static AccountCreation read(Path file) {
    JsonNode o;
    try {
      o = MAPPER.readTree(Files.readString(file));
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot read the account file " + file + ": " + e.getMessage(), e);
    }
    if (o == null
        || !o.isObject()
        || !o.path("salt").isTextual()
        || !o.path("address").isTextual()
        || !o.path("initialSettings").isObject()) {
      throw new IllegalArgumentException(
          file + " is not an account file (address, salt, initialSettings)");
    }
    try {
      Fr salt = Fr.fromBytes(Bytes32.fromHexString(o.get("salt").asText()));
      ObjectNode config = ((ObjectNode) o.get("initialSettings")).deepCopy();
      config.put("nonce", "0x0");
      config.put("recoveryEpoch", "0x0");
      AccountConfig initial = TxJson.configFromJsonNode(config);
      AccountCreation creation = new AccountCreation(salt, initial.settings());
      Address claimed = Address.fromHex(o.get("address").asText());
      if (!creation.address().equals(claimed)) {
        throw new IllegalArgumentException(
            file
                + ": the salt and initial settings give address "
                + creation.address()
                + ", not "
                + claimed);
      }
      return creation;
    } catch (DecodingException | IllegalArgumentException e) {
      throw new IllegalArgumentException("bad account file " + file + ": " + e.getMessage(), e);
    }
  }

  /** The spending rule list kept in the file, if any. */
  static Optional<SpendingRules> rules(Path file) {
    try {
      JsonNode r = MAPPER.readTree(Files.readString(file)).get("spendingRules");
      return r == null || r.isNull()
          ? Optional.empty()
          : Optional.of(TxJson.spendingRulesFromJsonNode(r));
    } catch (IOException | DecodingException e) {
      throw new IllegalArgumentException(
          "bad spending rules in " + file + ": " + e.getMessage(), e);
    }
  }
}
