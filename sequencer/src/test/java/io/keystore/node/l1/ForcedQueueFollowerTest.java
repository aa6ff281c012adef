package io.keystore.node.l1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keystore.node.storage.NodeStore;
import io.keystore.state.crypto.Address;
import io.keystore.state.crypto.Eip712Domain;
import java.io.IOException;
import java.nio.file.Path;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The force-queue follower on a fake L1: each queued transaction is read once, deep enough, across
 * an outage.
 */
class ForcedQueueFollowerTest {

  @TempDir Path dir;
  private NodeStore store;
  private final FakeRollupL1 l1 = new FakeRollupL1(Bytes32.ZERO, 1_000);
  private ForcedQueueFollower follower;

  @BeforeEach
  void open() {
    store = NodeStore.open(dir);
    follower =
        new ForcedQueueFollower(
            store, l1, Eip712Domain.keystore(l1.chainId(), Address.fromHex(l1.rollupAddress())), 2);
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void queuedTransactionsAreReadOnceDeepEnoughAndAnOutageLosesOrRepeatsNone() throws Exception {
    l1.queueForced(2);
    l1.mine();
    follower.tick();
    assertThat(store.nextForcedIndex()).as("1 block deep of 2").isZero();
    l1.mine();
    follower.tick();
    assertThat(store.nextForcedIndex()).isEqualTo(2);

    l1.queueForced(1);
    l1.mine();
    l1.mine();
    l1.down();
    assertThatThrownBy(follower::tick).isInstanceOf(IOException.class);
    assertThat(store.nextForcedIndex()).isEqualTo(2);
    l1.up();
    follower.tick();
    follower.tick();

    assertThat(store.nextForcedIndex()).isEqualTo(3);
    assertThat(store.forcedUnbatched(10))
        .extracting(f -> f.queueIndex())
        .containsExactly(0L, 1L, 2L);
  }

  @Test
  void aRestartScansAgainFromThePersistedBlockWithoutDuplicates() throws Exception {
    l1.queueForced(2);
    l1.mine();
    l1.mine();
    follower.tick();
    store.putMeta(
        ForcedQueueFollower.SCANNED_TO, "0"); // as if the node stopped before persisting the scan

    new ForcedQueueFollower(
            store, l1, Eip712Domain.keystore(l1.chainId(), Address.fromHex(l1.rollupAddress())), 2)
        .tick();

    assertThat(store.forcedUnbatched(10)).extracting(f -> f.queueIndex()).containsExactly(0L, 1L);
  }
}
