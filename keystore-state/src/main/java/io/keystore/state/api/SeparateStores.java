package io.keystore.state.api;

import io.keystore.state.crypto.Address;
import io.keystore.state.tree.TreeChanges;
import io.keystore.state.tree.TreeStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;

/** {@link StateStore#of}: a tree store and a config store, written one after the other. */
final class SeparateStores implements StateStore {

  private final TreeStore tree;
  private final ConfigStore configs;

  SeparateStores(TreeStore tree, ConfigStore configs) {
    this.tree = Objects.requireNonNull(tree, "tree");
    this.configs = Objects.requireNonNull(configs, "configs");
  }

  @Override
  public TreeStore tree() {
    return tree;
  }

  @Override
  public ConfigStore configs() {
    return configs;
  }

  @Override
  public void commit(TreeChanges treeChanges, Map<Address, Bytes> configWrites) {
    if (configWrites.isEmpty()) {
      writeTree(treeChanges);
      return;
    }
    Map<Address, Optional<Bytes>> before = new LinkedHashMap<>();
    configWrites.keySet().forEach(a -> before.put(a, configs.get(a)));
    configs.putAll(configWrites);
    try {
      writeTree(treeChanges);
    } catch (RuntimeException e) {
      restore(before, e);
      throw e;
    }
  }

  private void writeTree(TreeChanges changes) {
    if (!changes.isEmpty()) {
      tree.putAll(changes);
    }
  }

  private void restore(Map<Address, Optional<Bytes>> before, RuntimeException cause) {
    try {
      Map<Address, Bytes> previous = new LinkedHashMap<>();
      List<Address> created = new ArrayList<>();
      before.forEach(
          (a, old) -> {
            if (old.isPresent()) {
              previous.put(a, old.get());
            } else {
              created.add(a);
            }
          });
      configs.removeAll(created);
      configs.putAll(previous);
    } catch (RuntimeException restoreFailure) {
      cause.addSuppressed(restoreFailure);
    }
  }
}
