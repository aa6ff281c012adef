package io.keystore.state.storage;

import io.keystore.state.api.ConfigStore;
import io.keystore.state.crypto.Address;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;

/**
 * The account configurations of an {@link H2StateStore}, in the same database as its tree: the
 * latest encoding of each account (table {@code configs}) and one version per account changed by a
 * batch ({@code config_versions}), for {@link #at(long)}. Written only by {@link
 * H2StateStore#commit}, in the tree's batch transaction: {@link #putAll} and {@link #removeAll} on
 * their own are refused. Not thread-safe.
 */
public final class H2ConfigStore implements ConfigStore {

  private final H2TreeStore tree;
  private final PreparedStatement select;

  H2ConfigStore(H2TreeStore tree) {
    this.tree = tree;
    try {
      this.select =
          tree.connection().prepareStatement("SELECT config FROM configs WHERE account = ?");
    } catch (SQLException e) {
      throw new StorageException("cannot prepare the config queries", e);
    }
  }

  @Override
  public Optional<Bytes> get(Address account) {
    try {
      select.setBytes(1, account.toBytes().toArrayUnsafe());
      try (ResultSet rs = select.executeQuery()) {
        return rs.next() ? Optional.of(Bytes.wrap(rs.getBytes(1))) : Optional.empty();
      }
    } catch (SQLException e) {
      throw new StorageException("cannot read the configuration of " + account, e);
    }
  }

  /** Refused: configurations are written with the tree's batch, by {@link H2StateStore#commit}. */
  @Override
  public void putAll(Map<Address, Bytes> entries) {
    throw new UnsupportedOperationException(
        "an H2 config store is written by H2StateStore.commit only, with the tree's batch");
  }

  /** Refused: accounts never leave the tree, and writes go through {@link H2StateStore#commit}. */
  @Override
  public void removeAll(Collection<Address> accounts) {
    throw new UnsupportedOperationException(
        "an H2 config store is written by H2StateStore.commit only, with the tree's batch");
  }

  /** The number of stored configurations. */
  public long size() {
    try (Statement st = tree.connection().createStatement();
        ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM configs")) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new StorageException("cannot count the configurations", e);
    }
  }

  /** The accounts with a stored configuration, in address order; for tests and tools. */
  public List<Address> accounts() {
    List<Address> out = new ArrayList<>();
    try (Statement st = tree.connection().createStatement();
        ResultSet rs = st.executeQuery("SELECT account FROM configs ORDER BY account")) {
      while (rs.next()) {
        out.add(Address.wrap(Bytes.wrap(rs.getBytes(1))));
      }
      return out;
    } catch (SQLException e) {
      throw new StorageException("cannot list the configurations", e);
    }
  }

  /**
   * The configurations as batch {@code batch} left them (read-only): each account's latest version
   * with batch ≤ {@code batch}.
   *
   * @throws HistoryUnavailableException if that batch's history is not kept
   */
  public ConfigStore at(long batch) {
    tree.historyLeafCount(batch); // checks that the batch's history is kept
    return new HistoricalView(batch);
  }

  /** Writes the configurations of batch {@code batch} inside its transaction; returns the rows. */
  int write(Connection connection, long batch, Map<Address, Bytes> entries) throws SQLException {
    if (entries.isEmpty()) {
      return 0;
    }
    try (PreparedStatement merge =
            connection.prepareStatement(
                "MERGE INTO configs (account, config) KEY (account) VALUES (?, ?)");
        PreparedStatement version =
            connection.prepareStatement(
                "INSERT INTO config_versions (account, batch, config) VALUES (?, ?, ?)")) {
      for (Map.Entry<Address, Bytes> e : entries.entrySet()) {
        byte[] account = e.getKey().toBytes().toArrayUnsafe();
        byte[] config = e.getValue().toArrayUnsafe();
        merge.setBytes(1, account);
        merge.setBytes(2, config);
        merge.addBatch();
        version.setBytes(1, account);
        version.setLong(2, batch);
        version.setBytes(3, config);
        version.addBatch();
      }
      return merge.executeBatch().length + version.executeBatch().length;
    }
  }

  private final class HistoricalView implements ConfigStore {
    private final long batch;

    HistoricalView(long batch) {
      this.batch = batch;
    }

    @Override
    public Optional<Bytes> get(Address account) {
      try (PreparedStatement ps =
          tree.connection()
              .prepareStatement(
                  "SELECT config FROM config_versions WHERE account = ? AND batch <= ?"
                      + " ORDER BY batch DESC LIMIT 1")) {
        ps.setBytes(1, account.toBytes().toArrayUnsafe());
        ps.setLong(2, batch);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(Bytes.wrap(rs.getBytes(1))) : Optional.empty();
        }
      } catch (SQLException e) {
        throw new StorageException(
            "cannot read the configuration of " + account + " at " + batch, e);
      }
    }

    @Override
    public void putAll(Map<Address, Bytes> entries) {
      throw new UnsupportedOperationException("a historical view is read-only");
    }

    @Override
    public void removeAll(Collection<Address> accounts) {
      throw new UnsupportedOperationException("a historical view is read-only");
    }
  }
}
