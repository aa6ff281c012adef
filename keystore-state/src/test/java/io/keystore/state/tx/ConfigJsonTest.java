package io.keystore.state.tx;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keystore.state.account.AccountConfig;
import io.keystore.state.crypto.PublicKey;
import io.keystore.state.hash.Fr;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Parsing the JSON form of a configuration (docs/spec/state.md §7). */
class ConfigJsonTest {

  static Stream<AccountConfig> configs() {
    return Samples.configs().stream();
  }

  static String rejects(JsonNode n) {
    try {
      AccountConfig c = TxJson.configFromJsonNode(n);
      throw new AssertionError("parsed " + c + " from " + n);
    } catch (DecodingException e) {
      return e.getMessage();
    }
  }

  static String rejects(String s) {
    try {
      AccountConfig c = TxJson.configFromJson(s);
      throw new AssertionError("parsed " + c + " from " + s);
    } catch (DecodingException e) {
      return e.getMessage();
    }
  }

  /** The JSON of the sample with both pending entries, modified. */
  static ObjectNode full(Consumer<ObjectNode> edit) {
    ObjectNode o = TxJson.toJsonNode(Samples.configs().get(2));
    edit.accept(o);
    return o;
  }

  static ObjectNode at(ObjectNode o, String field) {
    return (ObjectNode) o.get(field);
  }

  @ParameterizedTest
  @MethodSource("configs")
  void configJsonRoundTrips(AccountConfig c) throws DecodingException {
    String json = TxJson.toJsonNode(c).toString();
    AccountConfig parsed = TxJson.configFromJson(json);
    assertThat(parsed).isEqualTo(c);
    assertThat(TxJson.toJsonNode(parsed).toString()).isEqualTo(json);
    assertThat(TxCodec.encodeConfig(parsed)).isEqualTo(TxCodec.encodeConfig(c));
  }

  @Test
  void pendingEntriesMayBeNullOrAbsentAndTheHashAndKeyAddressesAreOptional()
      throws DecodingException {
    AccountConfig plain = Samples.configs().get(0);
    ObjectNode o = TxJson.toJsonNode(plain);
    o.remove("pendingRecovery");
    o.remove("pendingUpdate");
    o.remove("configHash");
    at(o, "owner").remove("address");
    assertThat(TxJson.configFromJsonNode(o)).isEqualTo(plain);
  }

  @Test
  void aConfigHashThatIsNotTheConfigurationsHashIsRejected() {
    ObjectNode wrong = full(o -> o.put("configHash", TxJson.hex(Fr.of(1))));
    assertThat(rejects(wrong)).contains("configHash").contains("is not the configuration's hash");
    ObjectNode otherNonce = full(o -> o.put("nonce", "0x1"));
    assertThat(rejects(otherNonce)).contains("is not the configuration's hash");
  }

  @Test
  void unknownMissingAndDuplicateFieldsAreRejected() {
    assertThat(rejects(full(o -> o.put("extra", 1)))).contains("unknown field \"extra\"");
    assertThat(rejects(full(o -> at(o, "pendingRecovery").put("extra", 1))))
        .contains("config.pendingRecovery: unknown field \"extra\"");
    assertThat(rejects(full(o -> at(o, "pendingUpdate").put("extra", 1))))
        .contains("config.pendingUpdate: unknown field \"extra\"");
    for (String field :
        new String[] {
          "owner",
          "guardians",
          "threshold",
          "recoveryDelay",
          "spendingRulesHash",
          "nonce",
          "recoveryEpoch"
        }) {
      assertThat(rejects(full(o -> o.remove(field)))).contains("missing field \"" + field + "\"");
    }
    assertThat(rejects(full(o -> at(o, "pendingRecovery").remove("approvals"))))
        .contains("missing field \"approvals\"");
    assertThat(rejects(full(o -> at(o, "pendingRecovery").remove("vetoes"))))
        .contains("missing field \"vetoes\"");
    assertThat(rejects(full(o -> at(o, "pendingUpdate").remove("executableAfter"))))
        .contains("missing field \"executableAfter\"");
    String json = TxJson.toJsonNode(Samples.configs().get(0)).toString();
    assertThat(rejects(json.replace("{\"owner\"", "{\"nonce\":\"0x0\",\"owner\"")))
        .contains("invalid JSON")
        .containsIgnoringCase("duplicate");
  }

  @Test
  void quantitiesAndSmallIntegersMustBeCanonical() {
    assertThat(rejects(full(o -> o.put("recoveryEpoch", "0x07")))).contains("recoveryEpoch");
    assertThat(rejects(full(o -> o.put("recoveryEpoch", "7")))).contains("recoveryEpoch");
    assertThat(rejects(full(o -> o.put("recoveryEpoch", 7)))).contains("recoveryEpoch");
    assertThat(rejects(full(o -> o.put("nonce", "0x1" + "0".repeat(16))))).contains("nonce");
    assertThat(rejects(full(o -> at(o, "pendingRecovery").put("executableAfter", "0x"))))
        .contains("executableAfter");
    assertThat(rejects(full(o -> at(o, "pendingRecovery").put("approvals", 256))))
        .contains("approvals");
    assertThat(rejects(full(o -> at(o, "pendingRecovery").put("approvals", "0x5"))))
        .contains("approvals");
    assertThat(rejects(full(o -> at(o, "pendingRecovery").put("approvals", 16))))
        .contains("approvals");
    assertThat(rejects(full(o -> at(o, "pendingRecovery").put("vetoes", 16)))).contains("vetoes");
    assertThat(rejects(full(o -> at(o, "pendingRecovery").put("vetoes", "0x1"))))
        .contains("vetoes");
    assertThat(rejects(full(o -> o.put("threshold", -1)))).contains("threshold");
    assertThat(rejects(full(o -> at(o, "pendingUpdate").put("threshold", 1.5))))
        .contains("threshold");
  }

  @Test
  void fieldElementsMustBeCanonicalAndOfExactLength() {
    String r = "0x" + Fr.MODULUS.toString(16);
    assertThat(rejects(full(o -> o.put("spendingRulesHash", r)))).contains("spendingRulesHash");
    assertThat(rejects(full(o -> at(o, "pendingUpdate").put("spendingRulesHash", r))))
        .contains("pendingUpdate.spendingRulesHash");
    assertThat(rejects(full(o -> o.put("spendingRulesHash", "0x01")))).contains("64 hex digits");
    assertThat(rejects(full(o -> o.put("spendingRulesHash", "0x" + "zz".repeat(32)))))
        .contains("not hex");
  }

  @Test
  void keysMustBeOnTheCurveWithAKnownSchemeAndTheirAddress() {
    ObjectNode offCurve =
        full(
            o -> {
              ObjectNode k = at(at(o, "pendingRecovery"), "proposedOwner");
              k.remove("address");
              String pk = k.get("publicKey").asText();
              char last = pk.charAt(pk.length() - 1);
              k.put("publicKey", pk.substring(0, pk.length() - 1) + (last == '0' ? '1' : '0'));
            });
    assertThat(rejects(offCurve))
        .contains("pendingRecovery.proposedOwner.publicKey")
        .contains("not a point");
    assertThat(rejects(full(o -> at(o, "owner").put("scheme", 4))))
        .contains("unknown key scheme 4");
    assertThat(rejects(full(o -> at(o, "owner").put("scheme", PublicKey.SCHEME_WEBAUTHN))))
        .contains("not a point on P-256");
    assertThat(
            rejects(
                full(
                    o ->
                        at(o, "owner")
                            .put(
                                "address",
                                Samples.G0.publicKey().ethereumAddress().toChecksumHex()))))
        .contains("is not the key's address");
  }

  @Test
  void moreThanFourGuardiansAreRejectedAsInTheBinaryForm() {
    ObjectNode five =
        full(
            o ->
                ((ArrayNode) o.get("pendingUpdate").get("guardians"))
                    .add(TxJson.key(Samples.OWNER.publicKey())));
    assertThat(rejects(five)).contains("at most 4 guardians");
  }

  @Test
  void nonObjectsAndEmptyInputAreRejected() {
    assertThat(rejects("")).contains("empty input");
    assertThat(rejects("null")).contains("expected a JSON object");
    assertThat(rejects("[]")).contains("expected a JSON object");
    assertThat(rejects(full(o -> o.put("pendingRecovery", 1)))).contains("expected a JSON object");
    assertThat(rejects("{\"owner\":")).contains("invalid JSON");
  }
}
