package io.keystore.state.crypto;

import org.apache.tuweni.bytes.Bytes;

/**
 * The signature a transaction carries, of its signer's key scheme (transactions.md §4, §5.1):
 * secp256k1 ({@link Signature}, scheme 1, in version-1 transactions), raw P-256 ({@link
 * P256Signature}, scheme 2) or a WebAuthn assertion ({@link WebAuthnSignature}, scheme 3), the last
 * two in version-2 transactions.
 */
public sealed interface TxSignature permits Signature, P256Signature, WebAuthnSignature {

  /** The key scheme this signature is for. */
  int scheme();

  /** The encoding: 65 bytes r ‖ s ‖ v for scheme 1, the body of passkeys.md §3, §4.1 otherwise. */
  Bytes toBytes();
}
