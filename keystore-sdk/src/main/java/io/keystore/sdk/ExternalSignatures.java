package io.keystore.sdk;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keystore.state.crypto.P256;
import io.keystore.state.crypto.P256Signature;
import io.keystore.state.crypto.PublicKey;
import io.keystore.state.crypto.Secp256k1;
import io.keystore.state.crypto.Signature;
import io.keystore.state.crypto.TxSignature;
import io.keystore.state.crypto.WebAuthnSignature;
import io.keystore.state.tx.DecodingException;
import io.keystore.state.tx.TxJson;
import java.io.IOException;
import java.math.BigInteger;
import java.util.Base64;
import java.util.Objects;
import org.apache.tuweni.bytes.Bytes;
import org.bouncycastle.crypto.signers.StandardDSAEncoding;

/**
 * Reads the signatures external signers return into the keystore's signatures of each scheme
 * (docs/spec/passkeys.md, transactions.md §7). What signers produce is normalised the way the
 * submitter must (passkeys.md §3): a secp256k1 v of 0/1 and a high s, a DER ECDSA signature's high
 * s (an authenticator's, an HSM's, OpenSSL's). The keystore's own encodings (P-256 r ‖ s, the JSON
 * signature objects of transactions.md §7) are taken as strictly as the keystore takes them: a high
 * s there is refused. Every failure is an IllegalArgumentException saying what was expected.
 */
public final class ExternalSignatures {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** The most bytes a DER ECDSA signature over P-256 takes: 6 + 33 + 33. */
  private static final int MAX_DER = 72;

  private ExternalSignatures() {}

  /**
   * A signature as text: hex (see {@link #fromBytes}), possibly a JSON string; a JSON signature
   * object of transactions.md §7 ({@code {"scheme": 2, "r", "s"}}, {@code {"scheme": 3,
   * "authenticatorData", "clientDataJSON", "r", "s"}}, hex fields, strict); or a WebAuthn assertion
   * as {@code navigator.credentials.get} returns it ({@link #webAuthnAssertionFromJson}).
   */
  public static TxSignature parse(String text) {
    Objects.requireNonNull(text, "text");
    String t = text.strip();
    if (t.startsWith("{")) {
      return fromJsonObject(t);
    }
    if (t.startsWith("\"")) {
      try {
        t = MAPPER.readTree(t).asText();
      } catch (JsonProcessingException e) {
        throw new IllegalArgumentException("not a JSON string: " + e.getOriginalMessage(), e);
      }
    }
    String hex = t.startsWith("0x") || t.startsWith("0X") ? t.substring(2) : t;
    if (!hex.matches("([0-9a-fA-F]{2})+")) {
      throw new IllegalArgumentException(
          "a signature is hex (65 bytes r ‖ s ‖ v; 64 bytes P-256 r ‖ s; a DER ECDSA signature), a"
              + " JSON signature object, or a WebAuthn assertion as JSON");
    }
    return fromBytes(Bytes.fromHexString(hex));
  }

  /**
   * A signature's bytes: 65 are secp256k1 r ‖ s ‖ v ({@link #secp256k1}); 64 are P-256 r ‖ s (low-s
   * required); an ASN.1 DER sequence of at most 72 bytes is a P-256 signature ({@link
   * #p256FromDer}, normalised); anything else is read as the wire body of a WebAuthn signature
   * (passkeys.md §4.1).
   */
  public static TxSignature fromBytes(Bytes b) {
    if (b.size() == Signature.LENGTH) {
      return secp256k1(b);
    }
    if (b.size() == P256Signature.LENGTH) {
      return p256(b);
    }
    if (b.size() > 0 && b.size() <= MAX_DER && b.get(0) == 0x30) {
      return p256FromDer(b);
    }
    try {
      return WebAuthnSignature.fromBytes(b);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "a signature of "
              + b.size()
              + " bytes is neither secp256k1 (65 bytes), P-256 r ‖ s (64), DER, nor a WebAuthn"
              + " signature's wire body ("
              + e.getMessage()
              + ")",
          e);
    }
  }

  /**
   * A secp256k1 signature r ‖ s ‖ v from a wallet ({@code eth_signTypedData_v4}): v may be 27/28 or
   * 0/1, and a high s is turned into its low-s twin (v flipped).
   *
   * @throws IllegalArgumentException if it is not 65 bytes or not well-formed
   */
  public static Signature secp256k1(Bytes b) {
    Objects.requireNonNull(b, "signature");
    if (b.size() != Signature.LENGTH) {
      throw new IllegalArgumentException("a signature is 65 bytes r ‖ s ‖ v, got " + b.size());
    }
    BigInteger r = b.slice(0, 32).toUnsignedBigInteger();
    BigInteger s = b.slice(32, 32).toUnsignedBigInteger();
    int v = b.get(64) & 0xff;
    if (v == 0 || v == 1) {
      v += 27;
    }
    if (s.compareTo(Secp256k1.HALF_N) > 0 && s.compareTo(Secp256k1.N) < 0) {
      s = Secp256k1.N.subtract(s);
      v = v == 27 ? 28 : v == 28 ? 27 : v;
    }
    return new Signature(r, s, v);
  }

  /**
   * A raw P-256 signature r ‖ s (64 bytes), the keystore's encoding (passkeys.md §3): a high s is
   * refused, not normalised.
   *
   * @throws IllegalArgumentException if it is not 64 bytes or not well-formed (high s included)
   */
  public static P256Signature p256(Bytes rs) {
    try {
      return P256Signature.fromBytes(rs);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("a P-256 signature r ‖ s: " + e.getMessage(), e);
    }
  }

  /**
   * A P-256 ECDSA signature in ASN.1 DER (what authenticators, HSMs and OpenSSL return), as r and
   * the low s.
   *
   * @throws IllegalArgumentException if it is not canonical DER of two integers in [1, n)
   */
  public static P256Signature p256FromDer(Bytes der) {
    BigInteger[] rs;
    try {
      rs = StandardDSAEncoding.INSTANCE.decode(P256.N, der.toArrayUnsafe());
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException(
          "not a DER ECDSA signature over P-256 (SEQUENCE of r and s in [1, n)): " + e.getMessage(),
          e);
    }
    return P256Signature.normalised(rs[0], rs[1]);
  }

  /**
   * A WebAuthn assertion's parts as the authenticator returns them, with its DER signature turned
   * into r and the low s.
   *
   * @throws IllegalArgumentException if a part is out of its bounds (passkeys.md §4.1) or the
   *     signature is not DER
   */
  public static WebAuthnSignature webAuthnAssertion(
      Bytes authenticatorData, Bytes clientDataJSON, Bytes derSignature) {
    return new WebAuthnSignature(authenticatorData, clientDataJSON, p256FromDer(derSignature));
  }

  /**
   * A WebAuthn assertion as {@code navigator.credentials.get} returns it, serialised as {@code
   * PublicKeyCredential.toJSON()} does: the credential ({@code {"id", "type": "public-key",
   * "response": {…}, …}}) or its {@code response} alone, with {@code authenticatorData}, {@code
   * clientDataJSON} and {@code signature} (DER) in base64url. Other members ({@code userHandle},
   * {@code id}, {@code clientExtensionResults}, …) are not part of the keystore's signature.
   */
  public static WebAuthnSignature webAuthnAssertionFromJson(String json) {
    return webAuthnAssertion(readObject(json));
  }

  private static TxSignature fromJsonObject(String json) {
    JsonNode o = readObject(json);
    if (o.has("scheme")) {
      int scheme = o.get("scheme").asInt(-1);
      try {
        return switch (scheme) {
          case PublicKey.SCHEME_P256 -> TxJson.p256SignatureFromJson(json);
          case PublicKey.SCHEME_WEBAUTHN -> TxJson.webAuthnSignatureFromJson(json);
          default ->
              throw new IllegalArgumentException(
                  "a JSON signature object is of scheme 2 or 3 (a secp256k1 signature is 65"
                      + " bytes of hex), got scheme "
                      + o.get("scheme"));
        };
      } catch (DecodingException e) {
        throw new IllegalArgumentException(e.getMessage(), e);
      }
    }
    if (o.has("response") || o.has("authenticatorData")) {
      return webAuthnAssertion(o);
    }
    throw new IllegalArgumentException(
        "a JSON signature is a signature object {\"scheme\": 2 | 3, …} (transactions.md §7) or a"
            + " WebAuthn assertion (PublicKeyCredential.toJSON(), or its response)");
  }

  private static WebAuthnSignature webAuthnAssertion(JsonNode o) {
    JsonNode r = o;
    if (o.has("response")) {
      if (o.has("type") && !"public-key".equals(o.get("type").asText())) {
        throw new IllegalArgumentException(
            "a WebAuthn credential's type is \"public-key\", got " + o.get("type"));
      }
      r = o.get("response");
      if (!r.isObject()) {
        throw new IllegalArgumentException("the credential's response is not a JSON object");
      }
    }
    if (r.has("attestationObject")) {
      throw new IllegalArgumentException(
          "this is a registration (navigator.credentials.create), not an assertion: sign with"
              + " navigator.credentials.get");
    }
    return webAuthnAssertion(
        base64url(r, "authenticatorData"),
        base64url(r, "clientDataJSON"),
        base64url(r, "signature"));
  }

  private static Bytes base64url(JsonNode o, String name) {
    JsonNode v = o.get(name);
    if (v == null || !v.isTextual()) {
      throw new IllegalArgumentException(
          "the WebAuthn assertion lacks \"" + name + "\" (a base64url string)");
    }
    String text = v.asText();
    if (!text.matches("[A-Za-z0-9_-]*={0,2}")) {
      throw new IllegalArgumentException(
          "the assertion's \"" + name + "\" is not base64url (RFC 4648 §5)");
    }
    try {
      return Bytes.wrap(Base64.getUrlDecoder().decode(text));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "the assertion's \"" + name + "\" is not base64url: " + e.getMessage(), e);
    }
  }

  private static JsonNode readObject(String json) {
    JsonNode o;
    try {
      o = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("invalid JSON: " + e.getOriginalMessage(), e);
    }
    if (o == null || !o.isObject()) {
      throw new IllegalArgumentException("expected a JSON object");
    }
    return o;
  }
}
