package io.keystore.state.tx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keystore.devtools.TestVectors;
import io.keystore.state.crypto.P256;
import io.keystore.state.crypto.P256Signature;
import io.keystore.state.crypto.WebAuthnSignature;
import java.io.IOException;
import java.util.function.Consumer;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.Test;

/** The JSON objects of P-256 and WebAuthn signatures (transactions.md §7). */
class PasskeySignatureJsonTest {

  static JsonNode vectors() throws IOException {
    return new ObjectMapper().readTree(TestVectors.path("passkeys-v1.json").toFile());
  }

  static WebAuthnSignature validAssertion() throws IOException {
    return WebAuthnSignature.fromBytes(
        Bytes.fromHexString(vectors().get("webauthn").get(0).get("encoded").asText()));
  }

  static String mutated(ObjectNode o, Consumer<ObjectNode> change) {
    ObjectNode copy = o.deepCopy();
    change.accept(copy);
    return copy.toString();
  }

  @Test
  void everyWellFormedWebAuthnVectorRoundTripsThroughJson() throws Exception {
    int n = 0;
    for (JsonNode v : vectors().get("webauthn")) {
      if (v.get("expect").asText().equals("malformed")) {
        continue;
      }
      WebAuthnSignature sig =
          WebAuthnSignature.fromBytes(Bytes.fromHexString(v.get("encoded").asText()));
      ObjectNode json = TxJson.toJsonNode(sig);
      assertThat(json.get("clientDataJSON").asText()).isEqualTo(v.get("clientDataJSON").asText());
      assertThat(TxJson.webAuthnSignatureFromJson(json.toString())).isEqualTo(sig);
      n++;
    }
    assertThat(n).isGreaterThan(20);
  }

  @Test
  void p256SignatureRoundTripsThroughJson() throws Exception {
    P256Signature sig = P256.sign(Bytes32.ZERO, java.math.BigInteger.TEN);
    ObjectNode json = TxJson.toJsonNode(sig);
    assertThat(json.get("scheme").asInt()).isEqualTo(2);
    assertThat(TxJson.p256SignatureFromJson(json.toString())).isEqualTo(sig);
  }

  @Test
  void p256SignatureJsonWithHighSAnotherSchemeOrAnUnknownFieldIsRejected() {
    P256Signature sig = P256.sign(Bytes32.ZERO, java.math.BigInteger.TEN);
    ObjectNode json = TxJson.toJsonNode(sig);
    String highS = String.format("0x%064x", P256.N.subtract(sig.s()));
    assertThatThrownBy(() -> TxJson.p256SignatureFromJson(mutated(json, o -> o.put("s", highS))))
        .isInstanceOf(DecodingException.class)
        .hasMessageContaining("high-s");
    assertThatThrownBy(() -> TxJson.p256SignatureFromJson(mutated(json, o -> o.put("scheme", 3))))
        .isInstanceOf(DecodingException.class)
        .hasMessageContaining("expected 2");
    assertThatThrownBy(() -> TxJson.p256SignatureFromJson(mutated(json, o -> o.put("v", 27))))
        .isInstanceOf(DecodingException.class)
        .hasMessageContaining("unknown field");
    assertThatThrownBy(() -> TxJson.p256SignatureFromJson(mutated(json, o -> o.remove("r"))))
        .isInstanceOf(DecodingException.class)
        .hasMessageContaining("missing field");
  }

  @Test
  void webAuthnSignatureJsonWithPartsOutOfBoundsOrBadHexIsRejected() throws Exception {
    ObjectNode json = TxJson.toJsonNode(validAssertion());
    String ad = json.get("authenticatorData").asText();
    assertThatThrownBy(
            () ->
                TxJson.webAuthnSignatureFromJson(
                    mutated(json, o -> o.put("authenticatorData", ad.substring(0, 2 + 72)))))
        .isInstanceOf(DecodingException.class)
        .hasMessageContaining("authenticatorData is 37 to 128 bytes");
    assertThatThrownBy(
            () ->
                TxJson.webAuthnSignatureFromJson(
                    mutated(json, o -> o.put("clientDataJSON", "0x7b2")))) // odd length
        .isInstanceOf(DecodingException.class)
        .hasMessageContaining("even number");
    assertThatThrownBy(
            () ->
                TxJson.webAuthnSignatureFromJson(
                    mutated(json, o -> o.put("clientDataJSON", "{\"type\":\"webauthn.get\"}"))))
        .isInstanceOf(DecodingException.class);
    assertThatThrownBy(
            () -> TxJson.webAuthnSignatureFromJson(mutated(json, o -> o.put("scheme", 2))))
        .isInstanceOf(DecodingException.class)
        .hasMessageContaining("expected 3");
  }
}
