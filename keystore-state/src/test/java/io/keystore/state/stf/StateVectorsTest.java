package io.keystore.state.stf;

import static io.keystore.state.testing.Fixtures.DAY;
import static io.keystore.state.testing.Fixtures.DOMAIN;
import static io.keystore.state.testing.Fixtures.SIGNING;
import static io.keystore.state.testing.Fixtures.T0;
import static io.keystore.state.testing.Fixtures.field;
import static io.keystore.state.testing.Fixtures.guardians;
import static io.keystore.state.testing.Fixtures.key;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keystore.state.account.AccountConfig;
import io.keystore.state.account.AccountCreation;
import io.keystore.state.account.GuardianSet;
import io.keystore.state.account.PendingRecovery;
import io.keystore.state.account.Settings;
import io.keystore.state.account.SpendingRule;
import io.keystore.state.account.SpendingRules;
import io.keystore.state.account.StateHashing;
import io.keystore.state.crypto.Address;
import io.keystore.state.crypto.P256;
import io.keystore.state.crypto.PrivateKey;
import io.keystore.state.crypto.PublicKey;
import io.keystore.state.hash.Fr;
import io.keystore.state.testing.VectorFiles;
import io.keystore.state.tx.Transaction;
import io.keystore.state.tx.TxCodec;
import io.keystore.state.tx.TxJson;
import io.keystore.state.tx.TypedData;
import java.io.IOException;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Pins test-vectors/keystore-state-v1.json: key hashes, guardian-set and configuration hashes,
 * addresses, transaction encodings, EIP-712 digests, and a sequence of state transitions (applied
 * and rejected), for the gnark circuit and other implementations of docs/spec/state.md and
 * transactions.md. Java is the reference here. The test fails when the committed file differs from
 * what this code produces; regenerate with {@code -Dkeystore.regenerateVectors=true}.
 */
class StateVectorsTest {

  static final String FILE = "keystore-state-v1.json";
  static final JsonNodeFactory F = JsonNodeFactory.instance;
  static final BigInteger TWO_128 = BigInteger.ONE.shiftLeft(128);
  static final StateTransition STF = new StateTransition(DOMAIN);

  static String hex(BigInteger v) {
    return "0x" + v.toString(16);
  }

  static ObjectNode keyVector(String label, PrivateKey k) {
    PublicKey p = k.publicKey();
    ObjectNode o = F.objectNode();
    o.put("label", label);
    o.put("publicKey", p.toUncompressed().toHexString());
    o.put("address", p.ethereumAddress().toChecksumHex());
    o.put("xHi", hex(p.x().shiftRight(128)));
    o.put("xLo", hex(p.x().mod(TWO_128)));
    o.put("yHi", hex(p.y().shiftRight(128)));
    o.put("yLo", hex(p.y().mod(TWO_128)));
    o.put("keyHash", TxJson.hex(StateHashing.keyHash(p)));
    return o;
  }

  /** A key of any scheme: its JSON form, the inputs of H_4 and the key hash (passkeys.md §2). */
  static ObjectNode schemeKeyVector(String label, PublicKey p) {
    ObjectNode o = F.objectNode();
    o.put("label", label);
    o.setAll(TxJson.key(p));
    o.put("xHi", hex(p.x().shiftRight(128)));
    o.put("xLo", hex(p.x().mod(TWO_128)));
    o.put("yHi", hex(p.y().shiftRight(128)));
    o.put("yLo", hex(p.y().mod(TWO_128)));
    o.put("keyHash", TxJson.hex(StateHashing.keyHash(p)));
    return o;
  }

  /**
   * Passkeys (docs/spec/passkeys.md): P-256 and WebAuthn keys with their key hashes (the same point
   * under both schemes too), and a mixed-scheme account (a passkey owner, a passkey and a secp256k1
   * guardian) with its configuration hash and address, for the circuits and the L2 contracts of the
   * later steps.
   */
  static ObjectNode passkeys(PrivateKey secp256k1Guardian) {
    PublicKey raw = P256.publicKeyOf(PublicKey.SCHEME_P256, BigInteger.valueOf(0x9256));
    PublicKey sameAsWebAuthn = new PublicKey(PublicKey.SCHEME_WEBAUTHN, raw.x(), raw.y());
    PublicKey owner = P256.publicKeyOf(PublicKey.SCHEME_WEBAUTHN, BigInteger.valueOf(0x0a11ce));
    PublicKey guardian = P256.publicKeyOf(PublicKey.SCHEME_WEBAUTHN, BigInteger.valueOf(0x0b0b));
    ObjectNode root = F.objectNode();
    ArrayNode keys = root.putArray("keys");
    keys.add(schemeKeyVector("P-256 key (private key 0x9256)", raw));
    keys.add(schemeKeyVector("the same point as a WebAuthn key", sameAsWebAuthn));
    keys.add(schemeKeyVector("passkey owner (private key 0x0a11ce)", owner));
    keys.add(schemeKeyVector("passkey guardian (private key 0x0b0b)", guardian));
    GuardianSet mixed = new GuardianSet(List.of(guardian, secp256k1Guardian.publicKey()), 1, DAY);
    AccountCreation c =
        new AccountCreation(
            field("passkey salt"), new Settings(owner, mixed, field("rules: 1 ETH a day")));
    ObjectNode gs = root.putObject("mixedGuardianSet");
    gs.put("threshold", mixed.threshold());
    gs.put("recoveryDelay", TxJson.quantity(mixed.recoveryDelay()));
    ArrayNode hs = gs.putArray("guardianKeyHashes");
    mixed.guardians().forEach(k -> hs.add(TxJson.hex(StateHashing.keyHash(k))));
    gs.put("guardianSetHash", TxJson.hex(StateHashing.guardianSetHash(mixed)));
    ObjectNode account = root.putObject("mixedAccount");
    account.put("salt", TxJson.hex(c.salt()));
    account.set("initialConfig", configVector(c.initialConfig()));
    account.put("initialConfigHash", TxJson.hex(c.initialConfig().hash()));
    account.put("address", c.address().toChecksumHex());
    return root;
  }

  static ObjectNode configVector(AccountConfig c) {
    ObjectNode o = TxJson.toJsonNode(c);
    o.put("ownerKeyHash", TxJson.hex(StateHashing.keyHash(c.owner())));
    o.put("guardianSetHash", TxJson.hex(StateHashing.guardianSetHash(c.guardianSet())));
    o.put("pendingRecoveryHash", TxJson.hex(StateHashing.pendingRecoveryHash(c.pendingRecovery())));
    o.put("pendingUpdateHash", TxJson.hex(StateHashing.pendingUpdateHash(c.pendingUpdate())));
    o.put("encoding", TxCodec.encodeConfig(c).toHexString());
    return o;
  }

  static ObjectNode txVector(Transaction tx) {
    ObjectNode o = F.objectNode();
    o.set("tx", TxJson.toJsonNode(tx));
    o.put("encoding", TxCodec.encode(tx).toHexString());
    o.put("txHash", TxCodec.hash(tx).toHexString());
    if (tx instanceof Transaction.UpdateConfig u) {
      o.put("newConfigCommitment", TxJson.hex(u.newSettings().updateCommitment()));
    }
    if (tx instanceof Transaction.ApproveRecovery a) {
      o.put("newOwnerKeyHash", TxJson.hex(StateHashing.keyHash(a.newOwner())));
    }
    TypedData.structHash(tx).ifPresent(h -> o.put("structHash", h.toHexString()));
    TypedData.digest(DOMAIN, tx).ifPresent(h -> o.put("digest", h.toHexString()));
    return o;
  }

  static ObjectNode build() {
    PrivateKey owner = key("owner");
    PrivateKey g0 = key("guardian 0");
    PrivateKey g1 = key("guardian 1");
    PrivateKey g2 = key("guardian 2");
    PrivateKey thief = key("thief");
    PrivateKey recovered = key("new owner");
    Fr rules = field("rules: 1 ETH a day");
    Fr highRules = field("rules: 1000 ETH a day");
    GuardianSet gs = guardians(2, DAY, g0, g1, g2);
    Settings initial = new Settings(owner.publicKey(), gs, rules);
    AccountCreation creation = new AccountCreation(field("salt"), initial);

    ObjectNode root = F.objectNode();
    root.put(
        "description",
        "Vectors of docs/spec/state.md and docs/spec/transactions.md, produced by the Java reference"
            + " (keystore-state StateVectorsTest; regenerate with"
            + " -Dkeystore.regenerateVectors=true). Field elements are 32-byte hex; quantities as in"
            + " the JSON form. vetoKey is VETO_KEY, whose keyHash is VETO_KEY_HASH: a guardian's"
            + " ApproveRecovery of it is a veto (transactions.md §6.3). passkeys: P-256 and"
            + " WebAuthn keys (schemes 2, 3) and a mixed-scheme account (passkeys.md), not yet"
            + " applied by the state transition.");
    ObjectNode domain = root.putObject("domain");
    domain.put("name", DOMAIN.name());
    domain.put("version", DOMAIN.version());
    domain.put("chainId", DOMAIN.chainId().toString());
    domain.put("verifyingContract", DOMAIN.verifyingContract().toChecksumHex());
    domain.put("separator", DOMAIN.separator().toHexString());

    ArrayNode keys = root.putArray("keys");
    keys.add(keyVector("private key 1", PrivateKey.of(BigInteger.ONE)));
    keys.add(keyVector("owner", owner));
    keys.add(keyVector("guardian 0", g0));
    keys.add(keyVector("new owner", recovered));
    // The veto key (state.md §4.3): the generator G, the public key of private key 1.
    ObjectNode vetoKey =
        keyVector("VETO_KEY (the secp256k1 generator G)", PrivateKey.of(BigInteger.ONE));
    assertThat(vetoKey.get("keyHash").asText())
        .isEqualTo(TxJson.hex(PendingRecovery.VETO_KEY_HASH));
    root.set("vetoKey", vetoKey);

    root.set("passkeys", passkeys(g0));

    ArrayNode guardianSets = root.putArray("guardianSets");
    for (GuardianSet g :
        List.of(
            GuardianSet.none(3600),
            guardians(1, 30 * DAY, g0),
            gs,
            guardians(4, DAY, g0, g1, g2, thief))) {
      ObjectNode o = guardianSets.addObject();
      o.put("threshold", g.threshold());
      o.put("recoveryDelay", TxJson.quantity(g.recoveryDelay()));
      ArrayNode hs = o.putArray("guardianKeyHashes");
      g.guardians().forEach(k -> hs.add(TxJson.hex(StateHashing.keyHash(k))));
      o.put("guardianSetHash", TxJson.hex(StateHashing.guardianSetHash(g)));
    }

    ArrayNode accounts = root.putArray("accounts");
    for (AccountCreation c :
        List.of(
            creation,
            new AccountCreation(
                Fr.ZERO, new Settings(owner.publicKey(), GuardianSet.none(3600), Fr.ZERO)))) {
      ObjectNode o = accounts.addObject();
      o.put("salt", TxJson.hex(c.salt()));
      o.set("initialConfig", configVector(c.initialConfig()));
      o.put("initialConfigHash", TxJson.hex(c.initialConfig().hash()));
      o.put(
          "addressHash",
          TxJson.hex(
              StateHashing.tagged(
                  StateHashing.DOMAIN_ADDRESS, c.salt(), c.initialConfig().hash())));
      o.put("address", c.address().toChecksumHex());
    }

    // Spending rules (state.md §8): encodings, JSON and hashes, with each Poseidon2 input.
    ArrayNode spendingRules = root.putArray("spendingRules");
    for (SpendingRules list : spendingRuleSamples()) {
      ObjectNode o = spendingRules.addObject();
      o.setAll(TxJson.toJsonNode(list));
      ArrayNode inputs = o.putArray("hashInputs");
      if (!list.isEmpty()) {
        inputs.add(TxJson.hex(Fr.of(list.size())));
        for (SpendingRule r : list.rules()) {
          inputs.add(TxJson.hex(StateHashing.treeKey(r.token())));
          inputs.add(TxJson.hex(io.keystore.state.account.U64.toFr(r.period())));
          inputs.add(TxJson.hex(Fr.fromBigInteger(r.limit())));
        }
      }
      o.put("encoding", TxCodec.encodeSpendingRules(list).toHexString());
    }

    // A scenario of transitions: creation, the thief, the guardians, rejections, the recovery.
    ArrayNode steps = root.putArray("transitions");
    var account = creation.address();
    Optional<AccountConfig> state = Optional.empty();
    Settings thiefsWish = new Settings(thief.publicKey(), guardians(1, 3600, thief), highRules);
    record Step(String what, Transaction tx, long time) {}
    AccountConfig start = creation.initialConfig();
    List<Step> script =
        List.of(
            new Step(
                "absent account without creation data",
                SIGNING.updateConfig(owner, account, 0, initial, Optional.empty()),
                T0),
            new Step(
                "first update carries the creation data; rules change waits",
                SIGNING.updateConfig(
                    owner,
                    account,
                    0,
                    new Settings(owner.publicKey(), gs, highRules),
                    Optional.of(creation)),
                T0),
            new Step(
                "stale nonce",
                SIGNING.updateConfig(owner, account, 0, initial, Optional.empty()),
                T0 + 1),
            new Step(
                "the thief signs: wrong signer",
                SIGNING.updateConfig(thief, account, 1, thiefsWish, Optional.empty()),
                T0 + 2),
            new Step(
                "owner key stolen: rotation at once, weakening pending",
                SIGNING.updateConfig(owner, account, 1, thiefsWish, Optional.empty()),
                T0 + 3),
            new Step("too early", new Transaction.FinaliseRecovery(account), T0 + 4),
            new Step(
                "guardian 0 approves",
                SIGNING.approveRecovery(g0, account, 0, recovered.publicKey(), 0, Optional.empty()),
                T0 + 3600),
            new Step(
                "guardian 0 again: duplicate",
                SIGNING.approveRecovery(g0, account, 0, recovered.publicKey(), 0, Optional.empty()),
                T0 + 3601),
            new Step(
                "empty guardian slot",
                SIGNING.approveRecovery(thief, account, 3, thief.publicKey(), 0, Optional.empty()),
                T0 + 3602),
            new Step(
                "guardian 2 approves: threshold, the pending update is dropped",
                SIGNING.approveRecovery(g2, account, 2, recovered.publicKey(), 0, Optional.empty()),
                T0 + 7200),
            new Step(
                "another proposal at threshold",
                SIGNING.approveRecovery(g1, account, 1, thief.publicKey(), 0, Optional.empty()),
                T0 + 7201),
            new Step(
                "recovery delay not passed",
                new Transaction.FinaliseRecovery(account),
                T0 + 7200 + DAY - 1),
            new Step(
                "recovery finalised", new Transaction.FinaliseRecovery(account), T0 + 7200 + DAY),
            new Step("nothing pending", new Transaction.FinaliseRecovery(account), T0 + 7200 + DAY),
            new Step(
                "the recovered owner updates",
                SIGNING.updateConfig(
                    recovered,
                    account,
                    2,
                    new Settings(recovered.publicKey(), gs, rules),
                    Optional.empty()),
                T0 + 8 * DAY),
            // Issue 17: vetoes, and the owner's cancel that needs one.
            new Step(
                "veto with no recovery at its threshold", veto(g1, 1, account, 1), T0 + 9 * DAY),
            new Step(
                "guardian 1 proposes the thief's key",
                SIGNING.approveRecovery(g1, account, 1, thief.publicKey(), 1, Optional.empty()),
                T0 + 9 * DAY + 60),
            new Step(
                "veto of a recovery under its threshold",
                veto(g0, 0, account, 1),
                T0 + 9 * DAY + 120),
            new Step(
                "cancel under the threshold: a guardian veto is required",
                SIGNING.cancelRecovery(recovered, account, 3),
                T0 + 9 * DAY + 180),
            new Step(
                "guardian 2 approves the thief's key: threshold",
                SIGNING.approveRecovery(g2, account, 2, thief.publicKey(), 1, Optional.empty()),
                T0 + 9 * DAY + 240),
            new Step(
                "cancel at the threshold without a veto",
                SIGNING.cancelRecovery(recovered, account, 3),
                T0 + 9 * DAY + 300),
            new Step("guardian 0 vetoes", veto(g0, 0, account, 1), T0 + 9 * DAY + 360),
            new Step(
                "guardian 0 vetoes again: duplicate", veto(g0, 0, account, 1), T0 + 9 * DAY + 420),
            new Step(
                "the owner cancels the vetoed recovery",
                SIGNING.cancelRecovery(recovered, account, 3),
                T0 + 9 * DAY + 480),
            new Step(
                "the veto replayed in the next round",
                veto(g0, 0, account, 1),
                T0 + 9 * DAY + 540));
    for (Step s : script) {
      ObjectNode o = steps.addObject();
      o.put("what", s.what());
      o.put("time", TxJson.quantity(s.time()));
      o.set(
          "before",
          state
              .<com.fasterxml.jackson.databind.JsonNode>map(StateVectorsTest::configVector)
              .orElse(F.nullNode()));
      o.setAll(txVector(s.tx()));
      TransitionResult r = STF.apply(state, s.tx(), s.time());
      switch (r) {
        case TransitionResult.Applied a -> {
          o.put("result", "applied");
          o.set("after", configVector(a.newConfig()));
          state = Optional.of(a.newConfig());
        }
        case TransitionResult.Rejected rej -> {
          o.put("result", "rejected");
          o.put("reason", rej.reason().name());
        }
      }
    }
    assertThat(start).isNotNull();
    return root;
  }

  static Transaction.ApproveRecovery veto(
      PrivateKey guardian, int index, io.keystore.state.crypto.Address account, long epoch) {
    return SIGNING.approveRecovery(
        guardian, account, index, PendingRecovery.VETO_KEY, epoch, Optional.empty());
  }

  /** No rules; ETH alone; tokens with the extreme period and limit; eight rules. */
  static List<SpendingRules> spendingRuleSamples() {
    BigInteger ether = BigInteger.TEN.pow(18);
    Address usdc = Address.fromHex("0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48");
    Address dai = Address.fromHex("0x6b175474e89094c44da98b954eedeac495271d0f");
    List<SpendingRule> eight = new java.util.ArrayList<>();
    for (int i = 1; i <= SpendingRules.MAX_RULES; i++) {
      eight.add(
          new SpendingRule(
              Address.fromBigInteger(BigInteger.valueOf(i).shiftLeft(152)),
              i * DAY,
              ether.multiply(BigInteger.valueOf(i))));
    }
    return List.of(
        SpendingRules.NONE,
        SpendingRules.of(new SpendingRule(SpendingRule.NATIVE, DAY, ether)),
        SpendingRules.of(
            new SpendingRule(SpendingRule.NATIVE, DAY, ether),
            new SpendingRule(usdc, 7 * DAY, BigInteger.valueOf(1_000_000_000L)),
            new SpendingRule(dai, io.keystore.state.account.U64.MAX, SpendingRule.MAX_LIMIT),
            new SpendingRule(
                Address.fromHex("0xffffffffffffffffffffffffffffffffffffffff"), 1, BigInteger.ZERO)),
        SpendingRules.sorted(eight));
  }

  static String render() throws IOException {
    return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(build())
        + "\n";
  }

  @Test
  void committedVectorsMatchTheReference() throws IOException {
    VectorFiles.assertCommittedMatches(FILE, render());
  }

  @Test
  void spendingRuleVectorsDecodeToTheirRulesAndHash() throws Exception {
    var vectors = build().get("spendingRules");
    assertThat(vectors).hasSize(spendingRuleSamples().size());
    for (int i = 0; i < vectors.size(); i++) {
      var v = vectors.get(i);
      SpendingRules fromJson =
          TxJson.spendingRulesFromJsonNode(
              ((ObjectNode) v.deepCopy()).without(List.of("hashInputs", "encoding")));
      SpendingRules fromBinary =
          TxCodec.decodeSpendingRules(
              org.apache.tuweni.bytes.Bytes.fromHexString(v.get("encoding").asText()));
      assertThat(fromJson).isEqualTo(spendingRuleSamples().get(i)).isEqualTo(fromBinary);
      Fr h = Fr.ZERO;
      if (v.get("hashInputs").size() > 0) {
        h = StateHashing.DOMAIN_SPENDING_RULES;
        for (var in : v.get("hashInputs")) {
          h =
              io.keystore.state.hash.Poseidon2.compress(
                  h, Fr.fromBytes(org.apache.tuweni.bytes.Bytes32.fromHexString(in.asText())));
        }
      }
      assertThat(TxJson.hex(h)).isEqualTo(v.get("spendingRulesHash").asText());
    }
    assertThat(vectors.get(0).get("spendingRulesHash").asText()).isEqualTo(TxJson.hex(Fr.ZERO));
  }

  @Test
  void scenarioCoversAppliedAndRejectedSteps() throws IOException {
    var steps = build().get("transitions");
    List<String> results = new java.util.ArrayList<>();
    steps.forEach(
        s ->
            results.add(
                s.get("result").asText()
                    + (s.has("reason") ? ":" + s.get("reason").asText() : "")));
    assertThat(results)
        .containsExactly(
            "rejected:ACCOUNT_NOT_FOUND",
            "applied",
            "rejected:BAD_NONCE",
            "rejected:WRONG_SIGNER",
            "applied",
            "rejected:DELAY_NOT_PASSED",
            "applied",
            "rejected:DUPLICATE_APPROVAL",
            "rejected:NOT_A_GUARDIAN",
            "applied",
            "rejected:RECOVERY_IN_PROGRESS",
            "rejected:DELAY_NOT_PASSED",
            "applied",
            "rejected:NOTHING_PENDING",
            "applied",
            "rejected:NOTHING_PENDING",
            "applied",
            "rejected:NOTHING_PENDING",
            "rejected:GUARDIAN_VETO_REQUIRED",
            "applied",
            "rejected:GUARDIAN_VETO_REQUIRED",
            "applied",
            "rejected:DUPLICATE_APPROVAL",
            "applied",
            "rejected:BAD_RECOVERY_EPOCH");
  }
}
