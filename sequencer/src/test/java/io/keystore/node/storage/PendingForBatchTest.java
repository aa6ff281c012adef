package io.keystore.node.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link NodeStore#pendingForBatch}: the rows of existing accounts first, each account's in order.
 */
class PendingForBatchTest {

  static final Bytes A = Bytes.repeat((byte) 0xaa, 20);
  static final Bytes B = Bytes.repeat((byte) 0xbb, 20);
  static final Bytes C = Bytes.repeat((byte) 0xcc, 20);

  @TempDir Path dir;
  NodeStore store;
  int next;

  @BeforeEach
  void open() {
    store = NodeStore.open(dir);
  }

  @AfterEach
  void close() {
    store.close();
  }

  /** Stores a pending row for {@code account}; returns its seq. */
  long add(Optional<TxAccount> account) {
    int n = next++;
    store.insertPendingAll(
        List.of(
            new NodeStore.NewTx(
                Bytes32.leftPad(Bytes.ofUnsignedInt(n)), 0, Bytes.of(1, n), 1000 + n, account)));
    return store.pending(1000).getLast().seq();
  }

  long creates(Bytes account) {
    return add(Optional.of(new TxAccount(account, true)));
  }

  long updates(Bytes account) {
    return add(Optional.of(new TxAccount(account, false)));
  }

  List<Long> forBatch(int limit) {
    return store.pendingForBatch(limit).stream().map(StoredTx::seq).toList();
  }

  @Test
  void existingAccountsGoFirstAndANewAccountsRowsFollowItsCreation() {
    long aCreates = creates(A);
    long aUpdates = updates(A);
    long bUpdates = updates(B);
    long cCreates = creates(C);
    long bUpdatesAgain = updates(B);

    assertThat(forBatch(1)).containsExactly(bUpdates);
    assertThat(forBatch(2)).containsExactly(bUpdates, bUpdatesAgain);
    assertThat(forBatch(3)).containsExactly(aCreates, bUpdates, bUpdatesAgain);
    assertThat(forBatch(4)).containsExactly(aCreates, aUpdates, bUpdates, bUpdatesAgain);
    assertThat(forBatch(10)).containsExactly(aCreates, aUpdates, bUpdates, cCreates, bUpdatesAgain);
    assertThat(forBatch(0)).isEmpty();
  }

  @Test
  void whileARowWithoutItsAccountIsPendingTheOldestGoFirst() {
    long legacy = add(Optional.empty());
    creates(A);
    long bUpdates = updates(B);

    assertThat(forBatch(1)).containsExactly(legacy);

    store.planBatch(1, 1, 0, 1, List.of(legacy), 1);
    assertThat(forBatch(1)).containsExactly(bUpdates);
  }
}
