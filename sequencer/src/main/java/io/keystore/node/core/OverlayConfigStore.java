package io.keystore.node.core;

import io.keystore.state.api.ConfigStore;
import io.keystore.state.crypto.Address;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.tuweni.bytes.Bytes;

/** Writes buffered in memory over a read-only base: a speculative state never touches disk. */
final class OverlayConfigStore implements ConfigStore {

  private final ConfigStore base;
  private final Map<Address, Bytes> written = new HashMap<>();
  private final Set<Address> removed = new HashSet<>();

  OverlayConfigStore(ConfigStore base) {
    this.base = base;
  }

  @Override
  public Optional<Bytes> get(Address account) {
    if (removed.contains(account)) {
      return Optional.empty();
    }
    Bytes b = written.get(account);
    return b != null ? Optional.of(b) : base.get(account);
  }

  @Override
  public void putAll(Map<Address, Bytes> entries) {
    removed.removeAll(entries.keySet());
    written.putAll(entries);
  }

  @Override
  public void removeAll(Collection<Address> accounts) {
    accounts.forEach(written::remove);
    removed.addAll(accounts);
  }
}
