package io.keystore.state.crypto;

import org.apache.tuweni.bytes.Bytes32;

/**
 * A private key that signs a transaction's EIP-712 digest itself: secp256k1 ({@link PrivateKey},
 * scheme 1) or raw P-256 ({@link P256PrivateKey}, scheme 2). A WebAuthn key (scheme 3) is never
 * one: a passkey lives in its authenticator, which signs assertions (docs/spec/passkeys.md §4). For
 * the SDK, tools and tests: the node itself never signs.
 */
public sealed interface SigningKey permits PrivateKey, P256PrivateKey {

  /** The public key, of this key's scheme. */
  PublicKey publicKey();

  /** The deterministic (RFC 6979), low-s signature of a 32-byte digest, of this key's scheme. */
  TxSignature sign(Bytes32 digest);
}
