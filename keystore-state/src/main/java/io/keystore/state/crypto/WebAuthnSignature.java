package io.keystore.state.crypto;

import java.util.Objects;
import org.apache.tuweni.bytes.Bytes;

/**
 * A well-formed WebAuthn assertion signature (key scheme 3, docs/spec/passkeys.md §4.1): the
 * authenticator data (37 to 128 bytes), the browser's clientDataJSON bytes (80 to 384) and a low-s
 * P-256 signature. Whether it is valid for a key and a digest is {@link WebAuthn#verify}'s
 * question.
 */
public record WebAuthnSignature(
    Bytes authenticatorData, Bytes clientDataJSON, P256Signature signature) implements TxSignature {

  /** Bounds of the authenticator data: rpIdHash, flags and signCount, then extensions. */
  public static final int MIN_AUTHENTICATOR_DATA = 37;

  /** The largest authenticator data, a bound that fixes the circuit's SHA-256 work. */
  public static final int MAX_AUTHENTICATOR_DATA = 128;

  /** The shortest clientDataJSON: the type-and-challenge prefix of passkeys.md §4.2. */
  public static final int MIN_CLIENT_DATA_JSON = WebAuthn.PREFIX_LENGTH;

  /** The largest clientDataJSON. */
  public static final int MAX_CLIENT_DATA_JSON = 384;

  /**
   * @throws IllegalArgumentException if a length is out of its bounds
   */
  public WebAuthnSignature {
    Objects.requireNonNull(authenticatorData, "authenticatorData");
    Objects.requireNonNull(clientDataJSON, "clientDataJSON");
    Objects.requireNonNull(signature, "signature");
    checkLength(
        "authenticatorData",
        authenticatorData.size(),
        MIN_AUTHENTICATOR_DATA,
        MAX_AUTHENTICATOR_DATA);
    checkLength(
        "clientDataJSON", clientDataJSON.size(), MIN_CLIENT_DATA_JSON, MAX_CLIENT_DATA_JSON);
  }

  private static void checkLength(String what, int size, int min, int max) {
    if (size < min || size > max) {
      throw new IllegalArgumentException(
          what + " is " + min + " to " + max + " bytes, got " + size);
    }
  }

  /** Always {@value PublicKey#SCHEME_WEBAUTHN}. */
  @Override
  public int scheme() {
    return PublicKey.SCHEME_WEBAUTHN;
  }

  /** The flags byte of the authenticator data (UP = bit 0, UV = bit 2). */
  public int flags() {
    return authenticatorData.get(32) & 0xff;
  }

  /**
   * Parses the wire body a (u16) || authenticatorData || c (u16) || clientDataJSON || r || s.
   *
   * @throws IllegalArgumentException if a length runs past the end, bytes trail, a length is out of
   *     bounds or (r, s) is malformed
   */
  public static WebAuthnSignature fromBytes(Bytes b) {
    int a = u16(b, 0, "authenticatorData length");
    Bytes authenticatorData = slice(b, 2, a, "authenticatorData");
    int c = u16(b, 2 + a, "clientDataJSON length");
    Bytes clientDataJSON = slice(b, 4 + a, c, "clientDataJSON");
    int end = 4 + a + c + P256Signature.LENGTH;
    if (b.size() != end) {
      throw new IllegalArgumentException(
          "a WebAuthn signature with these lengths is " + end + " bytes, got " + b.size());
    }
    return new WebAuthnSignature(
        authenticatorData,
        clientDataJSON,
        P256Signature.fromBytes(b.slice(4 + a + c, P256Signature.LENGTH)));
  }

  private static int u16(Bytes b, int offset, String what) {
    if (offset + 2 > b.size()) {
      throw new IllegalArgumentException(what + ": truncated at byte " + offset);
    }
    return ((b.get(offset) & 0xff) << 8) | (b.get(offset + 1) & 0xff);
  }

  private static Bytes slice(Bytes b, int offset, int length, String what) {
    if (offset + length > b.size()) {
      throw new IllegalArgumentException(
          what + ": " + length + " bytes from byte " + offset + " run past the end " + b.size());
    }
    return b.slice(offset, length);
  }

  /** The wire body, a (u16) || authenticatorData || c (u16) || clientDataJSON || r || s. */
  public Bytes toBytes() {
    return Bytes.concatenate(
        u16(authenticatorData.size()),
        authenticatorData,
        u16(clientDataJSON.size()),
        clientDataJSON,
        signature.toBytes());
  }

  private static Bytes u16(int v) {
    return Bytes.of(v >> 8, v & 0xff);
  }
}
