package io.keystore.state.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keystore.devtools.TestVectors;
import io.keystore.state.account.StateHashing;
import io.keystore.state.hash.Fr;
import io.keystore.state.hash.Poseidon2;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Checks Java's P-256 and WebAuthn verification (docs/spec/passkeys.md) against
 * test-vectors/passkeys-v1.json, made by an independent implementation (@noble/curves, Node's
 * WebCrypto; src/test/passkeys/gen-passkey-vectors.mjs): every valid vector verifies, every
 * malformed one is refused when decoded, and every invalid one fails the rule it names.
 */
class PasskeyVectorsTest {

  static JsonNode load() throws IOException {
    return new ObjectMapper().readTree(TestVectors.path("passkeys-v1.json").toFile());
  }

  static Stream<Arguments> section(String name) throws IOException {
    List<Arguments> out = new ArrayList<>();
    load().get(name).forEach(v -> out.add(Arguments.of(v.get("name").asText(), v)));
    return out.stream();
  }

  static Stream<Arguments> p256() throws IOException {
    return section("p256");
  }

  static Stream<Arguments> webauthn() throws IOException {
    return section("webauthn");
  }

  static Stream<Arguments> webauthnWire() throws IOException {
    return section("webauthnWire");
  }

  static Stream<Arguments> badKeys() throws IOException {
    return section("badKeys");
  }

  static Bytes hex(JsonNode n) {
    return Bytes.fromHexString(n.asText());
  }

  static PublicKey key(int scheme, JsonNode v) {
    return PublicKey.fromUncompressed(scheme, hex(v.get("publicKey")));
  }

  static String expect(JsonNode v) {
    return v.get("expect").asText();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("p256")
  void rawP256SignatureVerifiesExactlyWhenTheVectorSaysValid(String name, JsonNode v) {
    Bytes rs = Bytes.concatenate(hex(v.get("r")), hex(v.get("s")));
    if (expect(v).equals("malformed")) {
      assertThatThrownBy(() -> P256Signature.fromBytes(rs))
          .isInstanceOf(IllegalArgumentException.class);
      return;
    }
    PublicKey k = key(PublicKey.SCHEME_P256, v);
    boolean valid = P256.verify(k, Bytes32.wrap(hex(v.get("digest"))), P256Signature.fromBytes(rs));
    assertThat(valid).isEqualTo(expect(v).equals("valid"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("webauthn")
  void webAuthnAssertionVerifiesOrFailsTheRuleTheVectorNames(String name, JsonNode v) {
    Bytes encoded = hex(v.get("encoded"));
    if (expect(v).equals("malformed")) {
      assertThatThrownBy(() -> WebAuthnSignature.fromBytes(encoded))
          .isInstanceOf(IllegalArgumentException.class);
      return;
    }
    WebAuthnSignature sig = WebAuthnSignature.fromBytes(encoded);
    assertThat(sig.authenticatorData()).isEqualTo(hex(v.get("authenticatorData")));
    assertThat(new String(sig.clientDataJSON().toArrayUnsafe(), StandardCharsets.UTF_8))
        .isEqualTo(v.get("clientDataJSONText").asText());
    assertThat(sig.toBytes()).isEqualTo(encoded);
    WebAuthn.Verification got =
        WebAuthn.verify(key(PublicKey.SCHEME_WEBAUTHN, v), Bytes32.wrap(hex(v.get("digest"))), sig);
    assertThat(got).isEqualTo(expected(v));
  }

  static WebAuthn.Verification expected(JsonNode v) {
    if (expect(v).equals("valid")) {
      return WebAuthn.Verification.VALID;
    }
    return switch (v.get("failedCheck").asText()) {
      case "clientData" -> WebAuthn.Verification.CLIENT_DATA;
      case "userPresent" -> WebAuthn.Verification.USER_NOT_PRESENT;
      case "signature" -> WebAuthn.Verification.SIGNATURE;
      default -> throw new AssertionError("unknown check " + v.get("failedCheck"));
    };
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("webauthnWire")
  void malformedWebAuthnWireEncodingIsRefused(String name, JsonNode v) {
    assertThatThrownBy(() -> WebAuthnSignature.fromBytes(hex(v.get("encoded"))))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badKeys")
  void pointNotOnP256IsNoKeyOfEitherPasskeyScheme(String name, JsonNode v) {
    for (int scheme : new int[] {PublicKey.SCHEME_P256, PublicKey.SCHEME_WEBAUTHN}) {
      assertThatThrownBy(() -> key(scheme, v)).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void keyHashOfAPasskeyIsH4OverTheSchemeAndTheCoordinateHalves() throws IOException {
    for (JsonNode k : load().get("keys")) {
      PublicKey key = key(k.get("scheme").asInt(), k);
      Fr acc = StateHashing.DOMAIN_KEY;
      for (JsonNode n : k.get("keyHashInputs")) {
        acc = Poseidon2.compress(acc, Fr.fromBytes(Bytes32.fromHexString(n.asText())));
      }
      assertThat(StateHashing.keyHash(key)).isEqualTo(acc);
    }
  }

  @Test
  void samePointUnderP256AndWebAuthnIsTwoKeysWithTwoKeyHashes() {
    PublicKey raw = P256.publicKeyOf(PublicKey.SCHEME_P256, BigInteger.TEN);
    PublicKey passkey = P256.publicKeyOf(PublicKey.SCHEME_WEBAUTHN, BigInteger.TEN);
    assertThat(raw).isNotEqualTo(passkey);
    assertThat(StateHashing.keyHash(raw)).isNotEqualTo(StateHashing.keyHash(passkey));
  }

  @Test
  void curveConstantsAreTheVectorFilesOnes() throws IOException {
    JsonNode c = load().get("curve");
    assertThat(P256.P).isEqualTo(new BigInteger(c.get("p").asText().substring(2), 16));
    assertThat(P256.N).isEqualTo(new BigInteger(c.get("n").asText().substring(2), 16));
    assertThat(P256.HALF_N).isEqualTo(new BigInteger(c.get("halfN").asText().substring(2), 16));
  }
}
