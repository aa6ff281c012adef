package io.keystore.state.api;

import io.keystore.state.crypto.Address;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;

/**
 * The account configurations beside the tree, which holds only their hashes: address → the storage
 * encoding of the {@code AccountConfig} ({@code TxCodec.encodeConfig}). {@link KeystoreState}
 * buffers a batch's changes itself and writes them here only when the batch commits, in one {@link
 * #putAll}; an implementation should make each write call atomic.
 */
public interface ConfigStore {

  /** The encoded configuration of {@code account}, or empty if none is stored. */
  Optional<Bytes> get(Address account);

  /** Stores every entry (replacing earlier values), all or none. */
  void putAll(Map<Address, Bytes> entries);

  /** Removes the entries of {@code accounts} (absent ones are ignored), all or none. */
  void removeAll(Collection<Address> accounts);
}
