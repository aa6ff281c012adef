package io.keystore.state.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keystore.state.crypto.Address;
import io.keystore.state.hash.Fr;
import io.keystore.state.hash.Poseidon2;
import io.keystore.state.tx.DecodingException;
import io.keystore.state.tx.TxCodec;
import io.keystore.state.tx.TxJson;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.tuweni.bytes.Bytes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SpendingRulesTest {

  static final Address USDC = Address.fromHex("0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48");
  static final Address DAI = Address.fromHex("0x6b175474e89094c44da98b954eedeac495271d0f");
  static final Address HIGH = Address.fromHex("0xffffffffffffffffffffffffffffffffffffff01");
  static final long DAY = 86_400;
  static final BigInteger ETHER = BigInteger.TEN.pow(18);

  static SpendingRule eth(long period, BigInteger limit) {
    return new SpendingRule(SpendingRule.NATIVE, period, limit);
  }

  static Address token(int i) {
    byte[] b = new byte[20];
    b[19] = (byte) (i + 1);
    b[0] = (byte) 0x80;
    return Address.wrap(Bytes.wrap(b));
  }

  static SpendingRules eight() {
    List<SpendingRule> rules = new ArrayList<>();
    for (int i = 0; i < SpendingRules.MAX_RULES; i++) {
      rules.add(new SpendingRule(token(i), i + 1, BigInteger.valueOf(i)));
    }
    return new SpendingRules(rules);
  }

  static Stream<SpendingRules> samples() {
    return Stream.of(
        SpendingRules.NONE,
        SpendingRules.of(eth(DAY, ETHER)),
        SpendingRules.of(
            new SpendingRule(USDC, 7 * DAY, BigInteger.valueOf(10_000_000_000L)),
            eth(DAY, ETHER),
            new SpendingRule(DAI, U64.MAX, SpendingRule.MAX_LIMIT),
            new SpendingRule(HIGH, 1, BigInteger.ZERO)),
        eight());
  }

  // ---------------------------------------------------------------- hash

  @Test
  void noRulesHashToZero() {
    assertThat(SpendingRules.NONE.hash()).isEqualTo(Fr.ZERO);
    assertThat(new SpendingRules(List.of()).hash()).isEqualTo(Fr.ZERO);
  }

  @Test
  void theHashIsTheTag9ChainOverTheCountThenEachRulesTokenPeriodAndLimit() {
    SpendingRules rules =
        SpendingRules.of(eth(DAY, ETHER), new SpendingRule(USDC, 7 * DAY, BigInteger.valueOf(500)));
    Fr acc = Fr.of(9);
    acc = Poseidon2.compress(acc, Fr.of(2));
    acc = Poseidon2.compress(acc, Fr.ZERO); // native ETH sorts first
    acc = Poseidon2.compress(acc, Fr.of(DAY));
    acc = Poseidon2.compress(acc, Fr.fromBigInteger(ETHER));
    acc = Poseidon2.compress(acc, Fr.fromBigInteger(USDC.toBigInteger()));
    acc = Poseidon2.compress(acc, Fr.of(7 * DAY));
    acc = Poseidon2.compress(acc, Fr.of(500));
    assertThat(rules.hash()).isEqualTo(acc);
    assertThat(StateHashing.DOMAIN_SPENDING_RULES).isEqualTo(Fr.of(9));
  }

  @Test
  void aSetOfRulesHasOneOrderAndOneHash() {
    SpendingRule a = eth(DAY, ETHER);
    SpendingRule b = new SpendingRule(USDC, DAY, BigInteger.TEN);
    assertThat(SpendingRules.of(b, a)).isEqualTo(SpendingRules.of(a, b));
    assertThat(SpendingRules.of(b, a).rules()).containsExactly(a, b);
    assertThat(SpendingRules.of(b, a).hash()).isEqualTo(SpendingRules.of(a, b).hash());
  }

  @Test
  void everyFieldOfEveryRuleChangesTheHash() {
    SpendingRules base = SpendingRules.of(eth(DAY, ETHER));
    assertThat(SpendingRules.of(eth(DAY + 1, ETHER)).hash()).isNotEqualTo(base.hash());
    assertThat(SpendingRules.of(eth(DAY, ETHER.add(BigInteger.ONE))).hash())
        .isNotEqualTo(base.hash());
    assertThat(SpendingRules.of(new SpendingRule(USDC, DAY, ETHER)).hash())
        .isNotEqualTo(base.hash());
    assertThat(SpendingRules.of(eth(DAY, BigInteger.ZERO)).hash()).isNotEqualTo(Fr.ZERO);
  }

  // ---------------------------------------------------------------- validation

  @Test
  void aRuleNeedsAPeriodAndALimitThatIsAFieldElement() {
    assertThatThrownBy(() -> eth(0, ETHER)).hasMessageContaining("period");
    assertThatThrownBy(() -> eth(DAY, Fr.MODULUS)).hasMessageContaining("limit");
    assertThatThrownBy(() -> eth(DAY, BigInteger.ONE.negate())).hasMessageContaining("limit");
    assertThat(eth(U64.MAX, SpendingRule.MAX_LIMIT).limit())
        .isEqualTo(Fr.MODULUS.subtract(BigInteger.ONE));
  }

  @Test
  void aListHoldsAtMostEightRulesWithDistinctTokensInAscendingOrder() {
    List<SpendingRule> nine = new ArrayList<>(eight().rules());
    nine.add(new SpendingRule(HIGH, 1, BigInteger.ONE));
    assertThatThrownBy(() -> new SpendingRules(nine)).hasMessageContaining("at most 8");
    assertThatThrownBy(() -> SpendingRules.of(eth(DAY, ETHER), eth(7 * DAY, ETHER)))
        .hasMessageContaining("two rules");
    assertThatThrownBy(
            () ->
                new SpendingRules(
                    List.of(new SpendingRule(USDC, 1, BigInteger.ONE), eth(1, BigInteger.ONE))))
        .hasMessageContaining("ascending token order");
  }

  // ---------------------------------------------------------------- binary

  @ParameterizedTest
  @MethodSource("samples")
  void binaryRoundTripsAtTwoPlusSixtyBytesPerRule(SpendingRules rules) throws DecodingException {
    Bytes b = TxCodec.encodeSpendingRules(rules);
    assertThat(b.size()).isEqualTo(2 + 60 * rules.size());
    assertThat(TxCodec.decodeSpendingRules(b)).isEqualTo(rules);
  }

  static String rejectsBinary(Bytes b) {
    try {
      SpendingRules r = TxCodec.decodeSpendingRules(b);
      throw new AssertionError("decoded " + r + " from " + b);
    } catch (DecodingException e) {
      return e.getMessage();
    }
  }

  @Test
  void binaryDecodingRejectsEveryNonCanonicalInput() {
    Bytes one = TxCodec.encodeSpendingRules(SpendingRules.of(eth(DAY, ETHER)));
    byte[] v = one.toArray();
    v[0] = 2;
    assertThat(rejectsBinary(Bytes.wrap(v))).contains("version 2");
    assertThat(rejectsBinary(one.slice(0, one.size() - 1))).contains("truncated");
    assertThat(rejectsBinary(Bytes.concatenate(one, Bytes.of(0)))).contains("trailing");
    assertThat(rejectsBinary(Bytes.EMPTY)).contains("truncated");
    assertThat(rejectsBinary(Bytes.of(1, 9))).contains("at most 8");
    byte[] zeroPeriod = one.toArray();
    for (int i = 22; i < 30; i++) {
      zeroPeriod[i] = 0;
    }
    assertThat(rejectsBinary(Bytes.wrap(zeroPeriod))).contains("period");
    byte[] bigLimit = one.toArray();
    for (int i = 30; i < 62; i++) {
      bigLimit[i] = (byte) 0xff;
    }
    assertThat(rejectsBinary(Bytes.wrap(bigLimit))).contains("limit");
    Bytes two =
        TxCodec.encodeSpendingRules(
            SpendingRules.of(eth(DAY, ETHER), new SpendingRule(USDC, DAY, ETHER)));
    Bytes swapped = Bytes.concatenate(two.slice(0, 2), two.slice(62, 60), two.slice(2, 60));
    assertThat(rejectsBinary(swapped)).contains("ascending token order");
    Bytes twice = Bytes.concatenate(two.slice(0, 2), two.slice(2, 60), two.slice(2, 60));
    assertThat(rejectsBinary(twice)).contains("two rules");
  }

  // ---------------------------------------------------------------- JSON

  @ParameterizedTest
  @MethodSource("samples")
  void jsonRoundTripsWithItsHash(SpendingRules rules) throws DecodingException {
    ObjectNode o = TxJson.toJsonNode(rules);
    assertThat(o.get("spendingRulesHash").asText()).isEqualTo(TxJson.hex(rules.hash()));
    assertThat(TxJson.spendingRulesFromJson(o.toString())).isEqualTo(rules);
    o.remove("spendingRulesHash");
    assertThat(TxJson.spendingRulesFromJsonNode(o)).isEqualTo(rules);
  }

  @Test
  void jsonWritesTokensInEip55AndAmountsAsQuantities() {
    ObjectNode o = TxJson.toJsonNode(SpendingRules.of(new SpendingRule(USDC, DAY, ETHER)));
    ObjectNode rule = (ObjectNode) o.get("rules").get(0);
    assertThat(rule.get("token").asText()).isEqualTo("0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48");
    assertThat(rule.get("period").asText()).isEqualTo("0x15180");
    assertThat(rule.get("limit").asText()).isEqualTo("0xde0b6b3a7640000");
  }

  static ObjectNode json(Consumer<ObjectNode> edit) {
    ObjectNode o =
        TxJson.toJsonNode(SpendingRules.of(eth(DAY, ETHER), new SpendingRule(USDC, DAY, ETHER)));
    edit.accept(o);
    return o;
  }

  static ObjectNode rule(ObjectNode o, int i) {
    return (ObjectNode) o.get("rules").get(i);
  }

  static String rejects(ObjectNode o) {
    try {
      SpendingRules r = TxJson.spendingRulesFromJsonNode(o);
      throw new AssertionError("parsed " + r + " from " + o);
    } catch (DecodingException e) {
      return e.getMessage();
    }
  }

  @Test
  void jsonParsingRejectsUnknownMissingAndDuplicateFields() throws Exception {
    assertThat(rejects(json(o -> o.put("extra", 1)))).contains("unknown field \"extra\"");
    assertThat(rejects(json(o -> rule(o, 0).put("extra", 1)))).contains("rules[0]: unknown field");
    assertThat(rejects(json(o -> rule(o, 1).remove("limit")))).contains("missing field \"limit\"");
    assertThat(rejects(json(o -> o.remove("rules")))).contains("missing field \"rules\"");
    assertThat(rejects(json(o -> o.put("rules", "none")))).contains("expected an array");
    String dup = json(o -> {}).toString().replace("{\"rules\"", "{\"rules\":[],\"rules\"");
    assertThatThrownBy(() -> TxJson.spendingRulesFromJson(dup))
        .isInstanceOf(DecodingException.class)
        .hasMessageContaining("invalid JSON");
  }

  @Test
  void jsonParsingRejectsNonCanonicalValuesAndInvalidRules() {
    assertThat(rejects(json(o -> rule(o, 0).put("limit", "0x0de0b6b3a7640000"))))
        .contains("quantity");
    assertThat(rejects(json(o -> rule(o, 0).put("limit", "1000")))).contains("quantity");
    assertThat(rejects(json(o -> rule(o, 0).put("limit", 1000)))).contains("string");
    assertThat(rejects(json(o -> rule(o, 0).put("limit", "0x" + Fr.MODULUS.toString(16)))))
        .contains("limit");
    assertThat(rejects(json(o -> rule(o, 0).put("period", "0x0")))).contains("period");
    assertThat(rejects(json(o -> rule(o, 0).put("period", "0x01")))).contains("quantity");
    assertThat(
            rejects(
                json(o -> rule(o, 1).put("token", "0xA0B86991c6218b36c1d19D4a2e9Eb0cE3606eB48"))))
        .contains("token");
    assertThat(rejects(json(o -> rule(o, 1).put("token", "0x" + "00".repeat(20)))))
        .contains("two rules");
    assertThat(
            rejects(
                json(
                    o -> {
                      ArrayNode rules = (ArrayNode) o.get("rules");
                      rules.insert(0, rules.remove(1));
                    })))
        .contains("ascending token order");
    assertThat(rejects(json(o -> o.put("spendingRulesHash", TxJson.hex(Fr.ZERO)))))
        .contains("is not the rules' hash");
    assertThat(
            rejects(
                json(
                    o -> {
                      ArrayNode rules = (ArrayNode) o.get("rules");
                      for (int i = 0; i < 7; i++) {
                        rules.add(rules.get(0).deepCopy());
                      }
                    })))
        .contains("at most 8");
  }

  @Test
  void aConfigurationCommitsToItsRulesByTheirHash() {
    SpendingRules rules = SpendingRules.of(eth(DAY, ETHER));
    var owner = io.keystore.state.testing.Fixtures.key("rules owner").publicKey();
    Settings s = new Settings(owner, GuardianSet.none(3600), rules.hash());
    AccountConfig c = AccountConfig.initial(s);
    assertThat(c.spendingRulesHash()).isEqualTo(rules.hash());
    assertThat(c.hash())
        .isNotEqualTo(
            AccountConfig.initial(new Settings(owner, GuardianSet.none(3600), Fr.ZERO)).hash());
  }
}
