package io.keystore.node.core;

import static io.keystore.node.core.MempoolTest.SIGNING;
import static io.keystore.node.core.MempoolTest.create;

import io.keystore.state.crypto.P256Signature;
import io.keystore.state.crypto.TxSignature;
import io.keystore.state.crypto.WebAuthnSignature;
import io.keystore.state.tx.Transaction;
import java.math.BigInteger;
import org.apache.tuweni.bytes.Bytes;

/**
 * Transactions of each signer scheme, built directly (well-formed, valid for no key): what the
 * batcher cuts batches by. The state transition refuses the passkey ones for now
 * (SCHEME_NOT_PROVABLE), so the tests look at the batches' cuts, not at what they applied.
 */
final class SchemeTransactions {

  private SchemeTransactions() {}

  static final P256Signature P256 = new P256Signature(BigInteger.TWO, BigInteger.ONE);

  static final WebAuthnSignature WEBAUTHN =
      new WebAuthnSignature(
          Bytes.wrap(new byte[WebAuthnSignature.MIN_AUTHENTICATOR_DATA]),
          Bytes.wrap(new byte[WebAuthnSignature.MIN_CLIENT_DATA_JSON]),
          P256);

  /** A secp256k1-signed creation of {@code label}'s account. */
  static Transaction secp256k1(String label) {
    return create(SIGNING, label);
  }

  /** {@code label}'s creation signed with a raw P-256 signature (scheme 2). */
  static Transaction p256(String label) {
    return signedWith(create(SIGNING, label), P256);
  }

  /** {@code label}'s creation signed with a WebAuthn assertion (scheme 3). */
  static Transaction webauthn(String label) {
    return signedWith(create(SIGNING, label), WEBAUTHN);
  }

  /** An unsigned FinaliseRecovery of {@code label}'s account. */
  static Transaction finalise(String label) {
    return new Transaction.FinaliseRecovery(create(SIGNING, label).account());
  }

  static Transaction.UpdateConfig signedWith(Transaction.UpdateConfig tx, TxSignature signature) {
    return new Transaction.UpdateConfig(
        tx.account(), tx.nonce(), tx.newSettings(), tx.creation(), signature);
  }
}
