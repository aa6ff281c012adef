package io.keystore.sdk;

import io.keystore.state.crypto.PublicKey;

/**
 * Keys of every scheme (docs/spec/passkeys.md §1) named for people: a secp256k1 key by its Ethereum
 * address, a P-256 key (which has none) by its scheme and a short form of its point.
 */
public final class Keys {

  private Keys() {}

  /** "secp256k1", "P-256" or "WebAuthn": the scheme's name in passkeys.md §1. */
  public static String schemeName(int scheme) {
    return switch (scheme) {
      case PublicKey.SCHEME_SECP256K1 -> "secp256k1";
      case PublicKey.SCHEME_P256 -> "P-256";
      case PublicKey.SCHEME_WEBAUTHN -> "WebAuthn";
      default -> "scheme " + scheme;
    };
  }

  /**
   * The key for messages: the EIP-55 address of a secp256k1 key; {@code P-256 key 0x04abcd…1234} or
   * {@code WebAuthn key 0x04abcd…1234} (the first and last bytes of its SEC 1 form) otherwise.
   */
  public static String describe(PublicKey k) {
    return k.address()
        .map(a -> a.toChecksumHex())
        .orElseGet(
            () -> {
              String hex = k.toUncompressed().toHexString();
              return schemeName(k.scheme())
                  + " key "
                  + hex.substring(0, 12)
                  + "…"
                  + hex.substring(hex.length() - 4);
            });
  }
}
