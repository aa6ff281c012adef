package io.keystore.state.tx;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keystore.state.account.AccountConfig;
import io.keystore.state.crypto.Secp256k1;
import io.keystore.state.hash.Fr;
import java.math.BigInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.tuweni.bytes.Bytes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class TxJsonTest {

  static Stream<Transaction> transactions() {
    return Samples.all().stream();
  }

  static String rejects(JsonNode n) {
    try {
      Transaction tx = TxJson.fromJsonNode(n);
      throw new AssertionError("parsed " + tx + " from " + n);
    } catch (DecodingException e) {
      return e.getMessage();
    }
  }

  static String rejects(String s) {
    try {
      Transaction tx = TxJson.fromJson(s);
      throw new AssertionError("parsed " + tx + " from " + s);
    } catch (DecodingException e) {
      return e.getMessage();
    }
  }

  /** The JSON of sample {@code i}, modified. */
  static ObjectNode sample(int i, Consumer<ObjectNode> edit) {
    ObjectNode o = TxJson.toJsonNode(Samples.all().get(i));
    edit.accept(o);
    return o;
  }

  @ParameterizedTest
  @MethodSource("transactions")
  void jsonRoundTrips(Transaction tx) throws DecodingException {
    String json = TxJson.toJson(tx);
    assertThat(TxJson.fromJson(json)).isEqualTo(tx);
  }

  @Test
  void jsonShowsKeysWithTheirEthereumAddresses() {
    ObjectNode o = TxJson.toJsonNode(Samples.all().get(0));
    JsonNode owner = o.get("newSettings").get("owner");
    assertThat(owner.get("scheme").intValue()).isEqualTo(1);
    assertThat(owner.get("publicKey").asText()).startsWith("0x04").hasSize(2 + 130);
    assertThat(owner.get("address").asText())
        .isEqualTo(Samples.OWNER.publicKey().ethereumAddress().toChecksumHex());
    assertThat(o.get("nonce").asText()).isEqualTo("0x0");
    assertThat(o.get("newSettings").get("recoveryDelay").asText()).isEqualTo("0x15180");
  }

  @Test
  void addressOfAKeyIsOptionalOnInputButMustMatch() throws DecodingException {
    ObjectNode without =
        sample(0, o -> ((ObjectNode) o.get("newSettings").get("owner")).remove("address"));
    assertThat(TxJson.fromJsonNode(without)).isEqualTo(Samples.all().get(0));
    ObjectNode wrong =
        sample(
            0,
            o ->
                ((ObjectNode) o.get("newSettings").get("owner"))
                    .put("address", Samples.G0.publicKey().ethereumAddress().toChecksumHex()));
    assertThat(rejects(wrong)).contains("is not the key's address");
  }

  @Test
  void creationMayBeNullOrAbsent() throws DecodingException {
    ObjectNode absent = sample(0, o -> o.remove("creation"));
    assertThat(TxJson.fromJsonNode(absent)).isEqualTo(Samples.all().get(0));
  }

  @Test
  void unknownMissingAndDuplicateFieldsAreRejected() {
    assertThat(rejects(sample(5, o -> o.put("extra", 1)))).contains("unknown field \"extra\"");
    assertThat(rejects(sample(5, o -> o.remove("nonce")))).contains("missing field \"nonce\"");
    assertThat(rejects(sample(6, o -> o.put("signature", "0x")))).contains("unknown field");
    assertThat(rejects(sample(0, o -> ((ObjectNode) o.get("newSettings")).put("x", 0))))
        .contains("unknown field \"x\"");
    String json = TxJson.toJson(Samples.all().get(6));
    String dup = json.replace("{", "{\"version\":1,");
    assertThat(rejects(dup)).contains("invalid JSON").containsIgnoringCase("duplicate");
    assertThat(rejects("not json")).contains("invalid JSON");
    assertThat(rejects("[]")).contains("expected a JSON object");
  }

  @Test
  void badVersionAndTypeAreRejected() {
    assertThat(rejects(sample(6, o -> o.put("version", 3)))).contains("version 3");
    // Version 2 carries a passkey signature object, not secp256k1 hex (transactions.md §7), and an
    // unsigned transaction is version 1 only.
    assertThat(rejects(sample(0, o -> o.put("version", 2)))).contains("expected a JSON object");
    assertThat(rejects(sample(6, o -> o.put("version", 2)))).contains("version 1 only");
    assertThat(rejects(sample(6, o -> o.put("version", "1")))).contains("integer");
    assertThat(rejects(sample(6, o -> o.put("type", "mint")))).contains("unknown transaction type");
  }

  @Test
  void quantitiesMustBeCanonical() {
    assertThat(rejects(sample(5, o -> o.put("nonce", "0x02a")))).contains("quantity");
    assertThat(rejects(sample(5, o -> o.put("nonce", "42")))).contains("quantity");
    assertThat(rejects(sample(5, o -> o.put("nonce", 42)))).contains("string");
    assertThat(rejects(sample(5, o -> o.put("nonce", "0x1" + "0".repeat(16)))))
        .contains("quantity");
  }

  @Test
  void nonCanonicalFieldElementIsRejected() {
    String r = "0x" + Fr.MODULUS.toString(16);
    assertThat(
            rejects(
                sample(0, o -> ((ObjectNode) o.get("newSettings")).put("spendingRulesHash", r))))
        .contains("spendingRulesHash")
        .contains("canonical");
  }

  @Test
  void offCurveKeyIsRejected() {
    ObjectNode bad =
        sample(
            3,
            o -> {
              ObjectNode k = (ObjectNode) o.get("newOwner");
              k.remove("address");
              String pk = k.get("publicKey").asText();
              char last = pk.charAt(pk.length() - 1);
              k.put("publicKey", pk.substring(0, pk.length() - 1) + (last == '0' ? '1' : '0'));
            });
    assertThat(rejects(bad)).contains("newOwner.publicKey").contains("not a point");
  }

  @Test
  void highSSignatureIsRejected() {
    ObjectNode bad =
        sample(
            5,
            o -> {
              Bytes sig = Bytes.fromHexString(o.get("signature").asText());
              BigInteger s = new BigInteger(1, sig.slice(32, 32).toArrayUnsafe());
              Bytes high = Bytes.wrap(TxCodecTest.fixed32(Secp256k1.N.subtract(s)));
              o.put(
                  "signature",
                  Bytes.concatenate(sig.slice(0, 32), high, sig.slice(64)).toHexString());
            });
    assertThat(rejects(bad)).contains("high-s");
  }

  @Test
  void tooManyGuardiansAreRejected() {
    ObjectNode bad =
        sample(
            1,
            o -> {
              ArrayNode g = (ArrayNode) o.get("newSettings").get("guardians");
              g.add(g.get(0).deepCopy());
            });
    assertThat(rejects(bad)).contains("at most 4 guardians");
  }

  @Test
  void badAccountChecksumIsRejected() {
    // 0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed is the EIP-55 example; one letter's case flipped:
    assertThat(
            rejects(sample(6, o -> o.put("account", "0x5aaeb6053F3E94C9b9A09f33669435E7Ef1BeAed"))))
        .contains("checksum");
    assertThat(rejects(sample(6, o -> o.put("account", "0x1234")))).contains("account");
  }

  @Test
  void configJsonShowsPendingEntriesAndTheHash() {
    AccountConfig c = Samples.configs().get(2);
    ObjectNode o = TxJson.toJsonNode(c);
    assertThat(o.get("pendingRecovery").get("approvals").intValue()).isEqualTo(0b101);
    assertThat(o.get("pendingUpdate").get("guardians")).hasSize(4);
    assertThat(o.get("nonce").asText()).isEqualTo("0xffffffffffffffff");
    assertThat(o.get("configHash").asText()).isEqualTo(c.hash().toString());
  }
}
