/**
 * The Java SDK for wallet providers: a typed JSON-RPC client of the keystore node ({@link
 * io.keystore.sdk.KeystoreClient}), builders of signed transactions with their EIP-712 typed data
 * ({@link io.keystore.sdk.KeystoreTransactions}, {@link io.keystore.sdk.UnsignedTransaction}), and
 * the local verification of an account's keystore proof against a root ({@link
 * io.keystore.sdk.ProofVerifier}), the check a mini-account runs on L2; and ERC-4337 v0.7 user
 * operations for a KeystoreAccount on an L2 ({@link io.keystore.sdk.MiniAccountClient}, {@link
 * io.keystore.sdk.PreparedUserOperation}, {@link io.keystore.sdk.UserOperations}, {@link
 * io.keystore.sdk.MiniAccountSignatures}), submitted without a bundler service by {@link
 * io.keystore.sdk.SelfBundler}.
 */
package io.keystore.sdk;
