package io.keystore.state.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Brings a database's schema to the version this code knows, by numbered SQL scripts under {@code
 * db/migration/} on the classpath ({@code V<n>__<name>.sql}, listed in {@link #MIGRATIONS}, applied
 * in order). The table {@code schema_version} holds one row, the version applied last. Each script
 * runs in its own transaction together with the version bump, so a failure leaves the previous
 * version. A database of a newer version than the code knows is refused.
 */
public final class SchemaMigrator {

  /** The scripts, in order: script i (from 0) brings the schema to version i + 1. */
  static final List<String> MIGRATIONS = List.of("V1__tree.sql", "V2__history.sql", "V3__configs.sql");

  /** The schema version this code writes and reads. */
  public static final int LATEST_VERSION = MIGRATIONS.size();

  private SchemaMigrator() {}

  /** Migrates to {@link #LATEST_VERSION}; returns the version found before. */
  public static int migrate(Connection connection) throws SQLException {
    return migrate(connection, LATEST_VERSION);
  }

  /**
   * Migrates to {@code target} (for tests: an older schema). Returns the version found before.
   *
   * @throws IllegalStateException if the database is newer than this code knows
   */
  static int migrate(Connection connection, int target) throws SQLException {
    if (target < 0 || target > LATEST_VERSION) {
      throw new IllegalArgumentException("unknown schema version " + target);
    }
    boolean autoCommit = connection.getAutoCommit();
    connection.setAutoCommit(false);
    try {
      try (Statement st = connection.createStatement()) {
        st.execute("CREATE TABLE IF NOT EXISTS schema_version (version INT NOT NULL)");
        try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM schema_version")) {
          rs.next();
          if (rs.getInt(1) == 0) {
            st.execute("INSERT INTO schema_version (version) VALUES (0)");
          }
        }
      }
      connection.commit();
      int found = version(connection);
      if (found > LATEST_VERSION) {
        throw new IllegalStateException(
            "the database's schema version is "
                + found
                + ", newer than the latest this code knows ("
                + LATEST_VERSION
                + "): open it with a newer release");
      }
      for (int v = found + 1; v <= target; v++) {
        try (Statement st = connection.createStatement()) {
          for (String sql : statements(load(MIGRATIONS.get(v - 1)))) {
            st.execute(sql);
          }
          st.executeUpdate("UPDATE schema_version SET version = " + v);
          connection.commit();
        } catch (SQLException | RuntimeException e) {
          connection.rollback();
          throw e;
        }
      }
      return found;
    } finally {
      connection.setAutoCommit(autoCommit);
    }
  }

  /** The schema version recorded in the database (0 if none). */
  public static int version(Connection connection) throws SQLException {
    try (Statement st = connection.createStatement();
        ResultSet rs = st.executeQuery("SELECT MAX(version) FROM schema_version")) {
      return rs.next() ? rs.getInt(1) : 0;
    }
  }

  private static String load(String name) {
    String path = "db/migration/" + name;
    try (InputStream in = SchemaMigrator.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("migration script missing from the classpath: " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + path, e);
    }
  }

  /** Splits a script into statements: drops "--" comment lines, splits on ';' ending a line. */
  static List<String> statements(String script) {
    List<String> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : script.split("\n")) {
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("--")) {
        continue;
      }
      current.append(line).append('\n');
      if (trimmed.endsWith(";")) {
        String sql = current.toString().strip();
        out.add(sql.substring(0, sql.length() - 1));
        current.setLength(0);
      }
    }
    if (!current.toString().isBlank()) {
      out.add(current.toString().strip());
    }
    return out;
  }
}
