package io.keystore.state.crypto;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.signers.StandardDSAEncoding;

/**
 * A software stand-in for a passkey and the browser around it, for tests: it answers {@code
 * navigator.credentials.get} for a challenge as WebAuthn Level 3 lays the answer out
 * (authenticatorData, the browser's clientDataJSON, a DER ECDSA signature), in the JSON of {@code
 * PublicKeyCredential.toJSON()} (base64url fields) that a wallet page hands on.
 */
public final class SoftwarePasskey {

  private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** A credential id, as the authenticator made it (not part of the key). */
  static final Bytes CREDENTIAL_ID = Bytes.fromHexString("0x6b657973746f72652d746573742d6964");

  private final BigInteger d;
  private final PublicKey publicKey;
  private final String origin;

  /** The passkey with the scalar d (in [1, n)), used from https://wallet.example. */
  public SoftwarePasskey(BigInteger d) {
    this(d, "https://wallet.example");
  }

  public SoftwarePasskey(BigInteger d, String origin) {
    this.d = d;
    this.publicKey = P256.publicKeyOf(PublicKey.SCHEME_WEBAUTHN, d);
    this.origin = origin;
  }

  /** The credential's public key, as a WebAuthn key (scheme 3). */
  public PublicKey publicKey() {
    return publicKey;
  }

  /**
   * The assertion for a challenge, flags UP and UV, type webauthn.get.
   *
   * @param highS whether the DER signature carries the high s (n - s), as authenticators do about
   *     half of the time
   */
  public Assertion assertion(Bytes32 challenge, boolean highS) {
    return assertion(challenge, WebAuthn.FLAG_UP | WebAuthn.FLAG_UV, "webauthn.get", highS);
  }

  /** The assertion with the given flags byte and clientData type. */
  public Assertion assertion(Bytes32 challenge, int flags, String type, boolean highS) {
    Bytes authenticatorData =
        Bytes.concatenate(
            sha256(Bytes.wrap("wallet.example".getBytes(StandardCharsets.US_ASCII))),
            Bytes.of(flags),
            Bytes.of(0, 0, 0, 0));
    String clientData =
        "{\"type\":\""
            + type
            + "\",\"challenge\":\""
            + B64URL.encodeToString(challenge.toArray())
            + "\",\"origin\":\""
            + origin
            + "\",\"crossOrigin\":false}";
    Bytes clientDataJSON = Bytes.wrap(clientData.getBytes(StandardCharsets.UTF_8));
    Bytes32 message = sha256(Bytes.concatenate(authenticatorData, sha256(clientDataJSON)));
    P256Signature low = P256.sign(message, d);
    BigInteger s = highS ? P256.N.subtract(low.s()) : low.s();
    try {
      Bytes der = Bytes.wrap(StandardDSAEncoding.INSTANCE.encode(P256.N, low.r(), s));
      return new Assertion(authenticatorData, clientDataJSON, der, low);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * An assertion's parts.
   *
   * @param derSignature the signature as an authenticator returns it (ASN.1 DER)
   * @param lowS the same signature as the keystore takes it, r and the low s
   */
  public record Assertion(
      Bytes authenticatorData, Bytes clientDataJSON, Bytes derSignature, P256Signature lowS) {

    /** The keystore's form of the assertion. */
    public WebAuthnSignature toSignature() {
      return new WebAuthnSignature(authenticatorData, clientDataJSON, lowS);
    }

    /** {@code PublicKeyCredential.toJSON()} of the assertion, as a wallet page would post it. */
    public String credentialJson() {
      ObjectNode o = MAPPER.createObjectNode();
      o.put("id", B64URL.encodeToString(CREDENTIAL_ID.toArray()));
      o.put("rawId", B64URL.encodeToString(CREDENTIAL_ID.toArray()));
      o.put("type", "public-key");
      o.put("authenticatorAttachment", "platform");
      ObjectNode r = o.putObject("response");
      r.put("clientDataJSON", B64URL.encodeToString(clientDataJSON.toArray()));
      r.put("authenticatorData", B64URL.encodeToString(authenticatorData.toArray()));
      r.put("signature", B64URL.encodeToString(derSignature.toArray()));
      r.put("userHandle", B64URL.encodeToString("alice".getBytes(StandardCharsets.UTF_8)));
      o.putObject("clientExtensionResults");
      return o.toPrettyString();
    }
  }

  private static Bytes32 sha256(Bytes data) {
    SHA256Digest digest = new SHA256Digest();
    digest.update(data.toArrayUnsafe(), 0, data.size());
    byte[] out = new byte[32];
    digest.doFinal(out, 0);
    return Bytes32.wrap(out);
  }
}
