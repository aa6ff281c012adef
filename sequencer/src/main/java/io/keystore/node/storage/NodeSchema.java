package io.keystore.node.storage;

import static io.keystore.state.storage.SchemaMigrator.script;

import io.keystore.state.storage.SchemaMigrator;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The node database's schema history: the scripts under {@code db/node/} on the classpath, applied
 * by keystore-state's {@link SchemaMigrator}. Version 1 is the first release's layout; each later
 * version is one change. A database written before the schema was versioned has no version (0) and
 * runs every step; the steps are written to do nothing where it already has what they add.
 */
public final class NodeSchema {

  /** The node database's steps, in order. */
  public static final SchemaMigrator MIGRATOR =
      new SchemaMigrator(
          "node",
          List.of(
              script("db/node/V1__initial.sql"),
              script("db/node/V2__forced_txs.sql"),
              script("db/node/V3__tx_occurrence.sql").andThen(NodeSchema::dropUniqueHashConstraint),
              script("db/node/V4__l1_halted.sql"),
              script("db/node/V5__tx_account.sql"),
              script("db/node/V6__batches_new_root.sql"),
              script("db/node/V7__aggregation.sql"),
              script("db/node/V8__prove_jobs.sql")));

  private NodeSchema() {}

  /**
   * Drops V1's UNIQUE constraint on {@code txs.hash} alone (the key is now hash and occurrence). H2
   * named it, so it is found by its one column.
   */
  static void dropUniqueHashConstraint(Connection connection) throws SQLException {
    try (Statement s = connection.createStatement()) {
      for (String name : uniqueHashConstraints(s)) {
        s.execute("ALTER TABLE txs DROP CONSTRAINT \"" + name + "\"");
      }
    }
  }

  private static List<String> uniqueHashConstraints(Statement s) throws SQLException {
    List<String> names = new ArrayList<>();
    try (ResultSet rs =
        s.executeQuery(
            """
            SELECT c.CONSTRAINT_NAME FROM INFORMATION_SCHEMA.TABLE_CONSTRAINTS c
            JOIN INFORMATION_SCHEMA.KEY_COLUMN_USAGE k
              ON k.CONSTRAINT_SCHEMA = c.CONSTRAINT_SCHEMA AND k.CONSTRAINT_NAME = c.CONSTRAINT_NAME
            WHERE c.TABLE_NAME = 'TXS' AND c.CONSTRAINT_TYPE = 'UNIQUE'
            GROUP BY c.CONSTRAINT_NAME
            HAVING COUNT(*) = 1 AND MAX(k.COLUMN_NAME) = 'HASH'
            """)) {
      while (rs.next()) {
        names.add(rs.getString(1));
      }
    }
    return names;
  }
}
