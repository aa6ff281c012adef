package io.keystore.state.tx;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keystore.state.account.AccountConfig;
import io.keystore.state.account.AccountCreation;
import io.keystore.state.account.GuardianSet;
import io.keystore.state.account.PendingRecovery;
import io.keystore.state.account.PendingUpdate;
import io.keystore.state.account.Settings;
import io.keystore.state.account.SpendingRule;
import io.keystore.state.account.SpendingRules;
import io.keystore.state.crypto.Address;
import io.keystore.state.crypto.P256Signature;
import io.keystore.state.crypto.PublicKey;
import io.keystore.state.crypto.Signature;
import io.keystore.state.crypto.TxSignature;
import io.keystore.state.crypto.WebAuthnSignature;
import io.keystore.state.hash.Fr;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;

/**
 * The JSON form of transactions (docs/spec/transactions.md §7) and of configurations
 * (docs/spec/state.md §7). Parsing applies the binary form's validations plus: no unknown,
 * duplicate or missing fields, hex of exact lengths, u64 values as canonical JSON-RPC quantities.
 * Thread-safe.
 */
public final class TxJson {

  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private TxJson() {}

  // ---------------------------------------------------------------- writing

  /** The JSON text of a transaction. */
  public static String toJson(Transaction tx) {
    return toJsonNode(tx).toString();
  }

  /** The JSON object of a transaction. */
  public static ObjectNode toJsonNode(Transaction tx) {
    ObjectNode o = F.objectNode();
    o.put("version", tx.version());
    o.put("type", tx.type().jsonName());
    o.put("account", tx.account().toChecksumHex());
    switch (tx) {
      case Transaction.UpdateConfig u -> {
        o.put("nonce", quantity(u.nonce()));
        o.set("newSettings", settings(u.newSettings()));
        o.set("creation", creation(u.creation()));
        o.set("signature", signature(u.signature()));
      }
      case Transaction.ApproveRecovery a -> {
        o.put("guardianIndex", a.guardianIndex());
        o.set("newOwner", key(a.newOwner()));
        o.put("recoveryEpoch", quantity(a.recoveryEpoch()));
        o.set("creation", creation(a.creation()));
        o.set("signature", signature(a.signature()));
      }
      case Transaction.CancelRecovery c -> {
        o.put("nonce", quantity(c.nonce()));
        o.set("signature", signature(c.signature()));
      }
      case Transaction.FinaliseRecovery f -> {
        // account only
      }
    }
    return o;
  }

  /** The JSON object of a configuration, for the API (keys with their Ethereum addresses). */
  public static ObjectNode toJsonNode(AccountConfig c) {
    ObjectNode o = settings(c.settings());
    o.put("nonce", quantity(c.nonce()));
    o.put("recoveryEpoch", quantity(c.recoveryEpoch()));
    if (c.pendingRecovery().isPresent()) {
      PendingRecovery p = c.pendingRecovery().get();
      ObjectNode pr = o.putObject("pendingRecovery");
      pr.set("proposedOwner", key(p.proposedOwner()));
      pr.put("approvals", p.approvals());
      pr.put("vetoes", p.vetoes());
      pr.put("executableAfter", quantity(p.executableAfter()));
    } else {
      o.putNull("pendingRecovery");
    }
    if (c.pendingUpdate().isPresent()) {
      PendingUpdate p = c.pendingUpdate().get();
      ObjectNode pu = o.putObject("pendingUpdate");
      pu.set("guardians", keys(p.guardianSet().guardians()));
      pu.put("threshold", p.guardianSet().threshold());
      pu.put("recoveryDelay", quantity(p.guardianSet().recoveryDelay()));
      pu.put("spendingRulesHash", hex(p.spendingRulesHash()));
      pu.put("executableAfter", quantity(p.executableAfter()));
    } else {
      o.putNull("pendingUpdate");
    }
    o.put("configHash", hex(c.hash()));
    return o;
  }

  /**
   * The JSON object of spending rules (docs/spec/state.md §8.4): {@code {"rules": [{"token",
   * "period", "limit"}, …], "spendingRulesHash"}}, the token as an EIP-55 address, period and limit
   * as quantities.
   */
  public static ObjectNode toJsonNode(SpendingRules rules) {
    ObjectNode o = F.objectNode();
    ArrayNode list = o.putArray("rules");
    for (SpendingRule r : rules.rules()) {
      ObjectNode rule = list.addObject();
      rule.put("token", r.token().toChecksumHex());
      rule.put("period", quantity(r.period()));
      rule.put("limit", "0x" + r.limit().toString(16));
    }
    o.put("spendingRulesHash", hex(rules.hash()));
    return o;
  }

  /**
   * Parses the JSON text of spending rules.
   *
   * @throws DecodingException if it is not valid JSON or not well-formed, valid rules
   */
  public static SpendingRules spendingRulesFromJson(String json) throws DecodingException {
    return spendingRulesFromJsonNode(readTree(json));
  }

  /**
   * Parses the JSON object of spending rules, with the strictness of transactions: no unknown,
   * duplicate or missing fields (the hash is optional, checked when present), canonical quantities,
   * addresses as in transactions; and the rules' own validation (at most 8, period above 0, limit
   * below r, tokens strictly ascending).
   *
   * @throws DecodingException if it is not well-formed, valid rules
   */
  public static SpendingRules spendingRulesFromJsonNode(JsonNode node) throws DecodingException {
    Obj o = new Obj(node, "spendingRules");
    o.expectFields("rules");
    o.allowFields("spendingRulesHash");
    JsonNode arr = o.node("rules");
    if (!arr.isArray()) {
      throw new DecodingException(o.path + ".rules: expected an array");
    }
    if (arr.size() > SpendingRules.MAX_RULES) {
      throw new DecodingException(
          o.path + ".rules: at most " + SpendingRules.MAX_RULES + " rules, got " + arr.size());
    }
    List<SpendingRule> rules = new ArrayList<>();
    for (int i = 0; i < arr.size(); i++) {
      Obj r = new Obj(arr.get(i), o.path + ".rules[" + i + "]");
      r.expectFields("token", "period", "limit");
      SpendingRule rule =
          TxCodec.spendingRule(r.address("token"), r.u64("period"), r.uint256("limit"), r.path);
      r.checkNoUnknownFields();
      rules.add(rule);
    }
    o.checkNoUnknownFields();
    SpendingRules parsed = TxCodec.spendingRules(rules);
    if (o.has("spendingRulesHash")) {
      Fr claimed = o.field("spendingRulesHash");
      if (!claimed.equals(parsed.hash())) {
        throw new DecodingException(
            o.path
                + ".spendingRulesHash "
                + hex(claimed)
                + " is not the rules' hash "
                + hex(parsed.hash()));
      }
    }
    return parsed;
  }

  /**
   * The JSON object of a key: scheme, SEC 1 uncompressed public key, and for secp256k1 keys the
   * Ethereum address (P-256 keys have none, passkeys.md §2).
   */
  public static ObjectNode key(PublicKey k) {
    ObjectNode o = F.objectNode();
    o.put("scheme", k.scheme());
    o.put("publicKey", k.toUncompressed().toHexString());
    k.address().ifPresent(a -> o.put("address", a.toChecksumHex()));
    return o;
  }

  /**
   * Parses a key object as transactions carry it (§7): {"scheme": 1 | 2 | 3, "publicKey":
   * "0x04‖x‖y"}, with the optional, checked "address" of a secp256k1 key; unknown fields, an
   * address for a P-256 key and a point off the scheme's curve are rejected.
   */
  public static PublicKey keyFromJson(String json) throws DecodingException {
    return parseKey(new Obj(readTree(json), "key"));
  }

  private static ArrayNode keys(List<PublicKey> ks) {
    ArrayNode a = F.arrayNode();
    ks.forEach(k -> a.add(key(k)));
    return a;
  }

  private static ObjectNode settings(Settings s) {
    ObjectNode o = F.objectNode();
    o.set("owner", key(s.owner()));
    o.set("guardians", keys(s.guardianSet().guardians()));
    o.put("threshold", s.guardianSet().threshold());
    o.put("recoveryDelay", quantity(s.guardianSet().recoveryDelay()));
    o.put("spendingRulesHash", hex(s.spendingRulesHash()));
    return o;
  }

  private static JsonNode creation(Optional<AccountCreation> c) {
    if (c.isEmpty()) {
      return F.nullNode();
    }
    ObjectNode o = F.objectNode();
    o.put("salt", hex(c.get().salt()));
    o.set("settings", settings(c.get().settings()));
    return o;
  }

  /** A field element as 0x and 64 hex digits (its canonical encoding). */
  public static String hex(Fr f) {
    return f.toBytes().toHexString();
  }

  /** A u64 as an Ethereum JSON-RPC quantity: 0x and hex digits, no leading zeros. */
  public static String quantity(long v) {
    return "0x" + Long.toUnsignedString(v, 16);
  }

  // ---------------------------------------------------------------- parsing

  /**
   * Parses the JSON text of a transaction.
   *
   * @throws DecodingException if it is not valid JSON or not a well-formed transaction
   */
  public static Transaction fromJson(String json) throws DecodingException {
    return fromJsonNode(readTree(json));
  }

  /**
   * Parses the JSON object of a transaction.
   *
   * @throws DecodingException if it is not a well-formed transaction
   */
  public static Transaction fromJsonNode(JsonNode node) throws DecodingException {
    Obj o = new Obj(node, "transaction");
    int version = o.u8("version");
    if (version != Transaction.VERSION && version != Transaction.VERSION_PASSKEY_SIGNATURE) {
      throw new DecodingException("unknown transaction version " + version);
    }
    String typeName = o.string("type");
    TxType type =
        TxType.fromJsonName(typeName)
            .orElseThrow(
                () -> new DecodingException("unknown transaction type \"" + typeName + "\""));
    Address account = o.address("account");
    Transaction tx =
        switch (type) {
          case UPDATE_CONFIG -> {
            o.expectFields("version", "type", "account", "nonce", "newSettings", "signature");
            o.allowFields("creation");
            yield new Transaction.UpdateConfig(
                account,
                o.u64("nonce"),
                parseSettings(o.object("newSettings")),
                parseCreation(o.optionalObject("creation")),
                txSignature(o, version));
          }
          case APPROVE_RECOVERY -> {
            o.expectFields(
                "version",
                "type",
                "account",
                "guardianIndex",
                "newOwner",
                "recoveryEpoch",
                "signature");
            o.allowFields("creation");
            int index = o.u8("guardianIndex");
            if (index >= GuardianSet.MAX_GUARDIANS) {
              throw new DecodingException("guardianIndex " + index + " above 3");
            }
            yield new Transaction.ApproveRecovery(
                account,
                index,
                parseKey(o.object("newOwner")),
                o.u64("recoveryEpoch"),
                parseCreation(o.optionalObject("creation")),
                txSignature(o, version));
          }
          case CANCEL_RECOVERY -> {
            o.expectFields("version", "type", "account", "nonce", "signature");
            yield new Transaction.CancelRecovery(account, o.u64("nonce"), txSignature(o, version));
          }
          case FINALISE_RECOVERY -> {
            o.expectFields("version", "type", "account");
            if (version != Transaction.VERSION) {
              throw new DecodingException("an unsigned finaliseRecovery is version 1 only");
            }
            yield new Transaction.FinaliseRecovery(account);
          }
        };
    o.checkNoUnknownFields();
    return tx;
  }

  /**
   * Parses the JSON text of a configuration, as {@link #toJsonNode(AccountConfig)} writes it.
   *
   * @throws DecodingException if it is not valid JSON or not a well-formed configuration
   */
  public static AccountConfig configFromJson(String json) throws DecodingException {
    return configFromJsonNode(readTree(json));
  }

  /**
   * Parses the JSON object of a configuration (docs/spec/state.md §7): the settings' fields, {@code
   * nonce}, {@code recoveryEpoch}, {@code pendingRecovery} and {@code pendingUpdate} ({@code null}
   * or absent for none) and {@code configHash} (optional, checked when present). The strictness of
   * transactions (docs/spec/transactions.md §7): unknown, duplicate and missing fields are refused,
   * hex of exact lengths, canonical field elements and quantities, keys on the curve, at most 4
   * guardians. Like the binary decoding, it does not apply the semantic rules of a valid
   * configuration (threshold and delay ranges, distinct guardians).
   *
   * @throws DecodingException if it is not a well-formed configuration
   */
  public static AccountConfig configFromJsonNode(JsonNode node) throws DecodingException {
    Obj o = new Obj(node, "config");
    o.expectFields(
        "owner",
        "guardians",
        "threshold",
        "recoveryDelay",
        "spendingRulesHash",
        "nonce",
        "recoveryEpoch");
    o.allowFields("pendingRecovery", "pendingUpdate", "configHash");
    PublicKey owner = parseKey(o.object("owner"));
    GuardianSet guardians = parseGuardianSet(o);
    Fr rules = o.field("spendingRulesHash");
    long nonce = o.u64("nonce");
    long epoch = o.u64("recoveryEpoch");
    Optional<PendingRecovery> recovery = parsePendingRecovery(o.optionalObject("pendingRecovery"));
    Optional<PendingUpdate> update = parsePendingUpdate(o.optionalObject("pendingUpdate"));
    o.checkNoUnknownFields();
    AccountConfig config =
        new AccountConfig(owner, guardians, rules, nonce, epoch, recovery, update);
    if (o.has("configHash")) {
      Fr claimed = o.field("configHash");
      if (!claimed.equals(config.hash())) {
        throw new DecodingException(
            "config.configHash "
                + hex(claimed)
                + " is not the configuration's hash "
                + hex(config.hash()));
      }
    }
    return config;
  }

  private static Optional<PendingRecovery> parsePendingRecovery(Optional<Obj> maybe)
      throws DecodingException {
    if (maybe.isEmpty()) {
      return Optional.empty();
    }
    Obj o = maybe.get();
    o.expectFields("proposedOwner", "approvals", "vetoes", "executableAfter");
    PublicKey proposed = parseKey(o.object("proposedOwner"));
    int approvals = o.u8("approvals");
    int vetoes = o.u8("vetoes");
    long after = o.u64("executableAfter");
    PendingRecovery p;
    try {
      p = new PendingRecovery(proposed, approvals, vetoes, after);
    } catch (IllegalArgumentException e) {
      throw new DecodingException(o.path + ": " + e.getMessage(), e);
    }
    o.checkNoUnknownFields();
    return Optional.of(p);
  }

  private static Optional<PendingUpdate> parsePendingUpdate(Optional<Obj> maybe)
      throws DecodingException {
    if (maybe.isEmpty()) {
      return Optional.empty();
    }
    Obj o = maybe.get();
    o.expectFields(
        "guardians", "threshold", "recoveryDelay", "spendingRulesHash", "executableAfter");
    PendingUpdate p =
        new PendingUpdate(
            parseGuardianSet(o), o.field("spendingRulesHash"), o.u64("executableAfter"));
    o.checkNoUnknownFields();
    return Optional.of(p);
  }

  /** A transaction's signature: hex for secp256k1 (version 1), an object for passkeys (§7). */
  private static JsonNode signature(TxSignature sig) {
    return switch (sig) {
      case Signature k1 -> F.textNode(k1.toBytes().toHexString());
      case P256Signature p -> toJsonNode(p);
      case WebAuthnSignature w -> toJsonNode(w);
    };
  }

  /** Version 1: the 65-byte hex; version 2: a P-256 or WebAuthn signature object. */
  private static TxSignature txSignature(Obj tx, int version) throws DecodingException {
    if (version == Transaction.VERSION) {
      return tx.signature("signature");
    }
    Obj o = tx.object("signature");
    int scheme = o.u8("scheme");
    return switch (scheme) {
      case PublicKey.SCHEME_P256 -> p256Signature(o);
      case PublicKey.SCHEME_WEBAUTHN -> webAuthnSignature(o);
      default ->
          throw new DecodingException(
              o.path + ".scheme: " + scheme + " in a version-2 transaction (2 or 3 only)");
    };
  }

  /** The JSON object of a P-256 signature (transactions.md §7): {"scheme": 2, "r", "s"}. */
  public static ObjectNode toJsonNode(P256Signature sig) {
    ObjectNode o = F.objectNode();
    o.put("scheme", PublicKey.SCHEME_P256);
    putRs(o, sig);
    return o;
  }

  /**
   * The JSON object of a WebAuthn signature (transactions.md §7): {"scheme": 3,
   * "authenticatorData", "clientDataJSON" (its exact bytes, hex), "r", "s"}.
   */
  public static ObjectNode toJsonNode(WebAuthnSignature sig) {
    ObjectNode o = F.objectNode();
    o.put("scheme", PublicKey.SCHEME_WEBAUTHN);
    o.put("authenticatorData", sig.authenticatorData().toHexString());
    o.put("clientDataJSON", sig.clientDataJSON().toHexString());
    putRs(o, sig.signature());
    return o;
  }

  private static void putRs(ObjectNode o, P256Signature sig) {
    Bytes rs = sig.toBytes();
    o.put("r", rs.slice(0, 32).toHexString());
    o.put("s", rs.slice(32, 32).toHexString());
  }

  /**
   * Parses a P-256 signature object (scheme 2), as strictly as transactions: unknown, missing and
   * duplicate fields, another scheme, and a malformed (r, s) (out of range, high s) are rejected.
   */
  public static P256Signature p256SignatureFromJson(String json) throws DecodingException {
    return p256Signature(new Obj(readTree(json), "signature"));
  }

  private static P256Signature p256Signature(Obj o) throws DecodingException {
    o.expectFields("scheme", "r", "s");
    expectScheme(o, PublicKey.SCHEME_P256);
    P256Signature sig = rs(o);
    o.checkNoUnknownFields();
    return sig;
  }

  /**
   * Parses a WebAuthn signature object (scheme 3), as strictly as transactions: also rejects parts
   * out of their bounds (passkeys.md §4.1) and hex of odd length.
   */
  public static WebAuthnSignature webAuthnSignatureFromJson(String json) throws DecodingException {
    return webAuthnSignature(new Obj(readTree(json), "signature"));
  }

  private static WebAuthnSignature webAuthnSignature(Obj o) throws DecodingException {
    o.expectFields("scheme", "authenticatorData", "clientDataJSON", "r", "s");
    expectScheme(o, PublicKey.SCHEME_WEBAUTHN);
    Bytes authenticatorData = o.hexBytesOfAnyLength("authenticatorData");
    Bytes clientDataJSON = o.hexBytesOfAnyLength("clientDataJSON");
    P256Signature rs = rs(o);
    o.checkNoUnknownFields();
    try {
      return new WebAuthnSignature(authenticatorData, clientDataJSON, rs);
    } catch (IllegalArgumentException e) {
      throw new DecodingException(o.path + ": " + e.getMessage(), e);
    }
  }

  private static void expectScheme(Obj o, int scheme) throws DecodingException {
    int got = o.u8("scheme");
    if (got != scheme) {
      throw new DecodingException(o.path + ".scheme: expected " + scheme + ", got " + got);
    }
  }

  private static P256Signature rs(Obj o) throws DecodingException {
    Bytes rs = Bytes.concatenate(o.hexBytes("r", 32), o.hexBytes("s", 32));
    try {
      return P256Signature.fromBytes(rs);
    } catch (IllegalArgumentException e) {
      throw new DecodingException(o.path + ": " + e.getMessage(), e);
    }
  }

  private static JsonNode readTree(String json) throws DecodingException {
    JsonNode node;
    try {
      node = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new DecodingException("invalid JSON: " + e.getOriginalMessage(), e);
    }
    if (node == null || node.isMissingNode()) {
      throw new DecodingException("empty input");
    }
    return node;
  }

  private static Settings parseSettings(Obj o) throws DecodingException {
    o.expectFields("owner", "guardians", "threshold", "recoveryDelay", "spendingRulesHash");
    PublicKey owner = parseKey(o.object("owner"));
    GuardianSet g = parseGuardianSet(o);
    Fr rules = o.field("spendingRulesHash");
    o.checkNoUnknownFields();
    return new Settings(owner, g, rules);
  }

  /** The fields guardians, threshold and recoveryDelay of {@code o}. */
  private static GuardianSet parseGuardianSet(Obj o) throws DecodingException {
    JsonNode arr = o.node("guardians");
    if (!arr.isArray()) {
      throw new DecodingException(o.path + ".guardians: expected an array");
    }
    if (arr.size() > GuardianSet.MAX_GUARDIANS) {
      throw new DecodingException(
          o.path
              + ".guardians: at most "
              + GuardianSet.MAX_GUARDIANS
              + " guardians, got "
              + arr.size());
    }
    List<PublicKey> guardians = new ArrayList<>();
    for (int i = 0; i < arr.size(); i++) {
      guardians.add(parseKey(new Obj(arr.get(i), o.path + ".guardians[" + i + "]")));
    }
    return new GuardianSet(guardians, o.u8("threshold"), o.u64("recoveryDelay"));
  }

  private static Optional<AccountCreation> parseCreation(Optional<Obj> maybe)
      throws DecodingException {
    if (maybe.isEmpty()) {
      return Optional.empty();
    }
    Obj o = maybe.get();
    o.expectFields("salt", "settings");
    AccountCreation c = new AccountCreation(o.field("salt"), parseSettings(o.object("settings")));
    o.checkNoUnknownFields();
    return Optional.of(c);
  }

  private static PublicKey parseKey(Obj o) throws DecodingException {
    o.expectFields("scheme", "publicKey");
    o.allowFields("address");
    int scheme = o.u8("scheme");
    if (!PublicKey.isKnownScheme(scheme)) {
      throw new DecodingException(o.path + ": unknown key scheme " + scheme);
    }
    Bytes raw = o.hexBytes("publicKey", PublicKey.UNCOMPRESSED_LENGTH);
    PublicKey k;
    try {
      k = PublicKey.fromUncompressed(scheme, raw);
    } catch (IllegalArgumentException e) {
      throw new DecodingException(o.path + ".publicKey: " + e.getMessage(), e);
    }
    if (o.has("address")) {
      if (k.address().isEmpty()) {
        throw new DecodingException(
            o.path + ".address: a P-256 key (scheme " + scheme + ") has no address");
      }
      Address claimed = o.address("address");
      if (!claimed.equals(k.ethereumAddress())) {
        throw new DecodingException(
            o.path + ".address " + claimed + " is not the key's address " + k.ethereumAddress());
      }
    }
    o.checkNoUnknownFields();
    return k;
  }

  /** A JSON object being read, with the set of fields consumed or allowed. */
  private static final class Obj {
    final JsonNode node;
    final String path;
    final Set<String> allowed = new TreeSet<>();

    Obj(JsonNode node, String path) throws DecodingException {
      if (node == null || !node.isObject()) {
        throw new DecodingException(path + ": expected a JSON object");
      }
      this.node = node;
      this.path = path;
    }

    boolean has(String name) {
      return node.has(name);
    }

    void expectFields(String... names) throws DecodingException {
      for (String n : names) {
        if (!node.has(n)) {
          throw new DecodingException(path + ": missing field \"" + n + "\"");
        }
        allowed.add(n);
      }
    }

    void allowFields(String... names) {
      allowed.addAll(List.of(names));
    }

    void checkNoUnknownFields() throws DecodingException {
      Iterator<String> it = node.fieldNames();
      while (it.hasNext()) {
        String n = it.next();
        if (!allowed.contains(n)) {
          throw new DecodingException(path + ": unknown field \"" + n + "\"");
        }
      }
    }

    JsonNode node(String name) throws DecodingException {
      JsonNode n = node.get(name);
      if (n == null) {
        throw new DecodingException(path + ": missing field \"" + name + "\"");
      }
      allowed.add(name);
      return n;
    }

    Obj object(String name) throws DecodingException {
      return new Obj(node(name), path + "." + name);
    }

    Optional<Obj> optionalObject(String name) throws DecodingException {
      JsonNode n = node.get(name);
      if (n == null || n.isNull()) {
        return Optional.empty();
      }
      return Optional.of(new Obj(n, path + "." + name));
    }

    String string(String name) throws DecodingException {
      JsonNode n = node(name);
      if (!n.isTextual()) {
        throw new DecodingException(path + "." + name + ": expected a string");
      }
      return n.textValue();
    }

    int u8(String name) throws DecodingException {
      JsonNode n = node(name);
      if (!n.isIntegralNumber() || !n.canConvertToInt() || n.intValue() < 0 || n.intValue() > 255) {
        throw new DecodingException(path + "." + name + ": expected an integer in [0, 255]");
      }
      return n.intValue();
    }

    long u64(String name) throws DecodingException {
      String s = string(name);
      if (!s.matches("0x(0|[1-9a-fA-F][0-9a-fA-F]{0,15})")) {
        throw new DecodingException(
            path
                + "."
                + name
                + ": expected a quantity (0x and at most 16 hex digits, no leading"
                + " zeros): "
                + s);
      }
      return Long.parseUnsignedLong(s.substring(2), 16);
    }

    /** A quantity of up to 256 bits: 0x and at most 64 hex digits, no leading zeros. */
    java.math.BigInteger uint256(String name) throws DecodingException {
      String s = string(name);
      if (!s.matches("0x(0|[1-9a-fA-F][0-9a-fA-F]{0,63})")) {
        throw new DecodingException(
            path
                + "."
                + name
                + ": expected a quantity (0x and at most 64 hex digits, no leading"
                + " zeros): "
                + s);
      }
      return new java.math.BigInteger(s.substring(2), 16);
    }

    Bytes hexBytes(String name, int length) throws DecodingException {
      String s = string(name);
      if (!s.startsWith("0x") || s.length() != 2 + 2 * length) {
        throw new DecodingException(
            path + "." + name + ": expected 0x and " + (2 * length) + " hex digits");
      }
      try {
        return Bytes.wrap(HexFormat.of().parseHex(s.substring(2)));
      } catch (IllegalArgumentException e) {
        throw new DecodingException(path + "." + name + ": not hex", e);
      }
    }

    /** 0x and an even number of hex digits, either case. */
    Bytes hexBytesOfAnyLength(String name) throws DecodingException {
      String s = string(name);
      if (!s.startsWith("0x") || s.length() % 2 != 0) {
        throw new DecodingException(
            path + "." + name + ": expected 0x and an even number of hex digits");
      }
      try {
        return Bytes.wrap(HexFormat.of().parseHex(s.substring(2)));
      } catch (IllegalArgumentException e) {
        throw new DecodingException(path + "." + name + ": not hex", e);
      }
    }

    Address address(String name) throws DecodingException {
      String s = string(name);
      try {
        return Address.fromHex(s);
      } catch (IllegalArgumentException e) {
        throw new DecodingException(path + "." + name + ": " + e.getMessage(), e);
      }
    }

    Fr field(String name) throws DecodingException {
      Bytes b = hexBytes(name, 32);
      try {
        return Fr.fromBytes(Bytes32.wrap(b));
      } catch (IllegalArgumentException e) {
        throw new DecodingException(path + "." + name + ": " + e.getMessage(), e);
      }
    }

    Signature signature(String name) throws DecodingException {
      Bytes b = hexBytes(name, Signature.LENGTH);
      try {
        return Signature.fromBytes(b);
      } catch (IllegalArgumentException e) {
        throw new DecodingException(path + "." + name + ": " + e.getMessage(), e);
      }
    }
  }
}
