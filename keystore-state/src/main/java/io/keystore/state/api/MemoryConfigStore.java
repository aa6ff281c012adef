package io.keystore.state.api;

import io.keystore.state.crypto.Address;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;

/** A {@link ConfigStore} in a hash map. Not thread-safe. */
public final class MemoryConfigStore implements ConfigStore {

  private final Map<Address, Bytes> entries = new HashMap<>();

  @Override
  public Optional<Bytes> get(Address account) {
    return Optional.ofNullable(entries.get(Objects.requireNonNull(account, "account")));
  }

  @Override
  public void putAll(Map<Address, Bytes> newEntries) {
    newEntries.forEach(
        (a, b) -> {
          Objects.requireNonNull(a, "account");
          Objects.requireNonNull(b, "encoding");
        });
    entries.putAll(newEntries);
  }

  @Override
  public void removeAll(Collection<Address> accounts) {
    accounts.forEach(entries::remove);
  }

  /** The number of stored configurations. */
  public int size() {
    return entries.size();
  }
}
