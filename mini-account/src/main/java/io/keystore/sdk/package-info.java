/**
 * The Java SDK for wallet providers: a typed JSON-RPC client of the keystore node ({@link
 * io.keystore.sdk.KeystoreClient}), builders of signed transactions with their EIP-712 typed data
 * ({@link io.keystore.sdk.KeystoreTransactions}, {@link io.keystore.sdk.UnsignedTransaction}), and
 * the local verification of an account's keystore proof against a root ({@link
 * io.keystore.sdk.ProofVerifier}), the check a mini-account runs on L2.
 */
package io.keystore.sdk;
