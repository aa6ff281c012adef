package io.keystore.node.storage;

import org.apache.tuweni.bytes.Bytes;

/**
 * The account a pending transaction is for, and whether it creates it (carries the creation: only
 * an account's first transaction does), stored with the row so that a batch can take the
 * transactions of existing accounts first.
 *
 * @param address the 20-byte account address
 */
public record TxAccount(Bytes address, boolean creates) {}
