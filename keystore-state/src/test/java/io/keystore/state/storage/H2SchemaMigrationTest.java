package io.keystore.state.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keystore.state.hash.TreeHashing;
import io.keystore.state.tree.IndexedMerkleTree;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class H2SchemaMigrationTest {

  @TempDir Path dir;

  private Connection connect() throws SQLException {
    return DriverManager.getConnection(H2TreeStore.url(dir), "sa", "");
  }

  @Test
  void aNewDatabaseIsAtTheLatestSchemaVersion() throws Exception {
    H2TreeStore.open(dir).close();
    try (Connection c = connect()) {
      assertThat(SchemaMigrator.version(c))
          .isEqualTo(SchemaMigrator.STATE.latestVersion())
          .isEqualTo(3);
    }
  }

  @Test
  void openingAVersionOneDatabaseMigratesItAndKeepsItsState() throws Exception {
    // A database as the first release left it: the tree tables, the genesis state, no history.
    IndexedMerkleTree reference = IndexedMerkleTree.inMemory();
    try (Connection c = connect()) {
      assertThat(SchemaMigrator.STATE.migrate(c, 1)).isZero();
      assertThat(SchemaMigrator.version(c)).isEqualTo(1);
      try (Statement st = c.createStatement()) {
        st.execute(
            "INSERT INTO leaves VALUES (0, X'"
                + "00".repeat(32)
                + "', X'"
                + "00".repeat(32)
                + "', X'"
                + "00".repeat(32)
                + "')");
        st.execute("INSERT INTO keys VALUES (X'" + "00".repeat(32) + "', 0)");
        for (int h = 0; h <= IndexedMerkleTree.DEPTH; h++) {
          String hash = reference.store().node(h, 0).toBytes().toUnprefixedHexString();
          st.execute("INSERT INTO nodes VALUES (" + h + ", 0, X'" + hash + "')");
        }
        st.execute(
            "INSERT INTO roots VALUES (0, X'"
                + reference.root().toUnprefixedHexString()
                + "', 1, CURRENT_TIMESTAMP)");
      }
    }
    H2TestSupport.Workload work = new H2TestSupport.Workload(3);
    try (H2TreeStore store = H2TreeStore.open(dir)) {
      IndexedMerkleTree tree = new IndexedMerkleTree(store);
      assertThat(tree.root()).isEqualTo(TreeHashing.genesisRoot().toBytes());
      assertThat(store.treeAt(0).root()).isEqualTo(tree.root()); // history backfilled
      work.applyBatch(tree, 10);
      new H2TestSupport.Workload(3).applyBatch(reference, 10);
      assertThat(tree.root()).isEqualTo(reference.root());
      assertThat(store.treeAt(0).root()).isEqualTo(TreeHashing.genesisRoot().toBytes());
    }
    try (Connection c = connect()) {
      assertThat(SchemaMigrator.version(c)).isEqualTo(3);
    }
  }

  @Test
  void openingAVersionTwoTreeDatabaseAddsEmptyConfigTablesAndKeepsItsHistory() throws Exception {
    IndexedMerkleTree reference = IndexedMerkleTree.inMemory();
    H2TestSupport.Workload work = new H2TestSupport.Workload(5);
    try (Connection c = connect()) {
      SchemaMigrator.STATE.migrate(c, 2);
    }
    // An empty database at version 2: the state store migrates it and writes genesis.
    try (H2StateStore store = H2StateStore.open(dir)) {
      assertThat(store.configs().size()).isZero();
      assertThat(store.latestBatch()).isZero();
      assertThat(store.oldestRetainedBatch()).isZero();
      IndexedMerkleTree tree = new IndexedMerkleTree(store.tree());
      work.applyBatch(tree, 10);
      new H2TestSupport.Workload(5).applyBatch(reference, 10);
      assertThat(tree.root()).isEqualTo(reference.root());
      assertThat(store.tree().treeAt(0).root()).isEqualTo(TreeHashing.genesisRoot().toBytes());
    }
    try (Connection c = connect()) {
      assertThat(SchemaMigrator.version(c)).isEqualTo(3);
    }
  }

  @Test
  void openingADatabaseOfANewerSchemaVersionFailsClearly() throws Exception {
    H2TreeStore.open(dir).close();
    try (Connection c = connect();
        Statement st = c.createStatement()) {
      st.execute("UPDATE schema_version SET version = 99");
    }
    assertThatThrownBy(() -> H2TreeStore.open(dir))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("schema version is 99")
        .hasMessageContaining("newer than the latest this code knows (3)");
  }

  @Test
  void scriptsSplitIntoStatementsWithoutComments() {
    assertThat(
            SchemaMigrator.statements(
                "-- c\nCREATE TABLE a (x INT);\n\nINSERT INTO a\n VALUES (1);\n"))
        .containsExactly("CREATE TABLE a (x INT)", "INSERT INTO a\n VALUES (1)");
  }
}
