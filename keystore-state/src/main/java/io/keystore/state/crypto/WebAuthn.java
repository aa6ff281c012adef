package io.keystore.state.crypto;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.bouncycastle.crypto.digests.SHA256Digest;

/**
 * Verification of WebAuthn assertions for key scheme 3 (docs/spec/passkeys.md §4.2): the
 * clientDataJSON starts with the type {@code webauthn.get} and the base64url EIP-712 digest as its
 * challenge, the user-present flag is set, and the P-256 signature is valid over
 * SHA-256(authenticatorData || SHA-256(clientDataJSON)). UV, the other flags, the sign count, the
 * RP ID hash and the origin are not read (passkeys.md §4.2 says why). Thread-safe.
 */
public final class WebAuthn {

  private static final String TYPE_AND_CHALLENGE = "{\"type\":\"webauthn.get\",\"challenge\":\"";

  /** The length of the prefix: 36 bytes, 43 base64url characters and the closing quote. */
  public static final int PREFIX_LENGTH = TYPE_AND_CHALLENGE.length() + 43 + 1;

  /** The user-present flag, bit 0 of the flags byte. */
  public static final int FLAG_UP = 0x01;

  /** The user-verified flag, bit 2 of the flags byte (not required). */
  public static final int FLAG_UV = 0x04;

  /** The outcome of a verification: valid, or the first rule of passkeys.md §4.2 that fails. */
  public enum Verification {
    /** The assertion is valid for the key and the digest. */
    VALID,
    /** Rule 1: clientDataJSON does not start with the type and the digest as challenge. */
    CLIENT_DATA,
    /** Rule 2: the user-present flag is clear. */
    USER_NOT_PRESENT,
    /** Rule 3: the P-256 signature is not valid for the key over the message hash. */
    SIGNATURE
  }

  private WebAuthn() {}

  /**
   * The bytes clientDataJSON must start with for this digest: {@code
   * {"type":"webauthn.get","challenge":"<base64url(digest)>"}, 80 bytes.
   */
  public static Bytes clientDataPrefix(Bytes32 digest) {
    String challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(digest.toArray());
    return Bytes.wrap((TYPE_AND_CHALLENGE + challenge + "\"").getBytes(StandardCharsets.US_ASCII));
  }

  /** The hash the authenticator signs: SHA-256(authenticatorData || SHA-256(clientDataJSON)). */
  public static Bytes32 messageHash(WebAuthnSignature sig) {
    return sha256(Bytes.concatenate(sig.authenticatorData(), sha256(sig.clientDataJSON())));
  }

  /**
   * Verifies a well-formed assertion against a WebAuthn key (scheme 3) and an EIP-712 digest.
   *
   * @throws IllegalArgumentException if the key is not a WebAuthn key
   */
  public static Verification verify(PublicKey key, Bytes32 digest, WebAuthnSignature sig) {
    if (key.scheme() != PublicKey.SCHEME_WEBAUTHN) {
      throw new IllegalArgumentException("not a WebAuthn key: scheme " + key.scheme());
    }
    if (!sig.clientDataJSON().slice(0, PREFIX_LENGTH).equals(clientDataPrefix(digest))) {
      return Verification.CLIENT_DATA;
    }
    if ((sig.flags() & FLAG_UP) == 0) {
      return Verification.USER_NOT_PRESENT;
    }
    return P256.verify(key, messageHash(sig), sig.signature())
        ? Verification.VALID
        : Verification.SIGNATURE;
  }

  private static Bytes32 sha256(Bytes data) {
    SHA256Digest d = new SHA256Digest();
    d.update(data.toArrayUnsafe(), 0, data.size());
    byte[] out = new byte[32];
    d.doFinal(out, 0);
    return Bytes32.wrap(out);
  }
}
