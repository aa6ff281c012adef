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
 * Brings a database's schema to the version its code knows, by numbered steps applied in order:
 * step i (from 0) brings the schema to version i + 1. A step is usually a SQL script on the
 * classpath ({@code V<n>__<name>.sql}, see {@link #script}); a step SQL cannot express is code
 * ({@link Migration}). The table {@code schema_version} holds one row, the version applied last.
 * Each step runs in its own transaction together with the version bump, so a failure leaves the
 * previous version. A database of a newer version than the code knows is refused.
 *
 * <p>One mechanism for every H2 database of the project: the state's ({@link #STATE}) and the
 * node's (in {@code sequencer}).
 */
public final class SchemaMigrator {

  /** One step of a schema's history. */
  @FunctionalInterface
  public interface Migration {
    void apply(Connection connection) throws SQLException;

    /** This step, then {@code next}, as one step. */
    default Migration andThen(Migration next) {
      return c -> {
        apply(c);
        next.apply(c);
      };
    }
  }

  /** The state database's schema (keystore-state's scripts under {@code db/migration/}). */
  public static final SchemaMigrator STATE =
      new SchemaMigrator(
          "state",
          List.of(
              script("db/migration/V1__tree.sql"),
              script("db/migration/V2__history.sql"),
              script("db/migration/V3__configs.sql")));

  private final String name;
  private final List<Migration> migrations;

  /**
   * @param name what the database is, for messages
   * @param migrations the steps, in order: step i (from 0) brings the schema to version i + 1
   */
  public SchemaMigrator(String name, List<Migration> migrations) {
    this.name = name;
    this.migrations = List.copyOf(migrations);
  }

  /** The schema version this code writes and reads. */
  public int latestVersion() {
    return migrations.size();
  }

  /** Migrates to {@link #latestVersion()}; returns the version found before. */
  public int migrate(Connection connection) throws SQLException {
    return migrate(connection, latestVersion());
  }

  /**
   * Migrates to {@code target} (for tests: an older schema). Returns the version found before.
   *
   * @throws IllegalStateException if the database is newer than this code knows
   */
  public int migrate(Connection connection, int target) throws SQLException {
    if (target < 0 || target > latestVersion()) {
      throw new IllegalArgumentException("unknown " + name + " schema version " + target);
    }
    boolean autoCommit = connection.getAutoCommit();
    connection.setAutoCommit(false);
    try {
      ensureVersionTable(connection);
      int found = version(connection);
      refuseNewer(found);
      for (int v = found + 1; v <= target; v++) {
        apply(connection, v);
      }
      return found;
    } finally {
      connection.setAutoCommit(autoCommit);
    }
  }

  private static void ensureVersionTable(Connection connection) throws SQLException {
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
  }

  private void refuseNewer(int found) {
    if (found > latestVersion()) {
      throw new IllegalStateException(
          "the "
              + name
              + " database's schema version is "
              + found
              + ", newer than the latest this code knows ("
              + latestVersion()
              + "): open it with a newer release");
    }
  }

  private void apply(Connection connection, int version) throws SQLException {
    try {
      migrations.get(version - 1).apply(connection);
      try (Statement st = connection.createStatement()) {
        st.executeUpdate("UPDATE schema_version SET version = " + version);
      }
      connection.commit();
    } catch (SQLException | RuntimeException e) {
      connection.rollback();
      throw e;
    }
  }

  /** The schema version recorded in the database (0 if none). */
  public static int version(Connection connection) throws SQLException {
    try (Statement st = connection.createStatement();
        ResultSet rs = st.executeQuery("SELECT MAX(version) FROM schema_version")) {
      return rs.next() ? rs.getInt(1) : 0;
    }
  }

  /** A step that runs the SQL script at {@code path} on the classpath, statement by statement. */
  public static Migration script(String path) {
    return connection -> {
      try (Statement st = connection.createStatement()) {
        for (String sql : statements(load(path))) {
          st.execute(sql);
        }
      }
    };
  }

  private static String load(String path) {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    try (InputStream in =
        open(loader == null ? SchemaMigrator.class.getClassLoader() : loader, path)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + path, e);
    }
  }

  private static InputStream open(ClassLoader loader, String path) {
    InputStream in = loader.getResourceAsStream(path);
    if (in == null) {
      in = SchemaMigrator.class.getClassLoader().getResourceAsStream(path);
    }
    if (in == null) {
      throw new IllegalStateException("migration script missing from the classpath: " + path);
    }
    return in;
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
