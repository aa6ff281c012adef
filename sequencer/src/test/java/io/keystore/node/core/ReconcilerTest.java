package io.keystore.node.core;

import static io.keystore.node.core.MempoolTest.DOMAIN;
import static io.keystore.node.core.MempoolTest.SIGNING;
import static io.keystore.node.core.MempoolTest.create;
import static io.keystore.node.core.MempoolTest.raw;
import static org.assertj.core.api.Assertions.assertThat;

import io.keystore.node.storage.NodeStore;
import io.keystore.node.storage.StoredBatch;
import io.keystore.state.storage.H2StateStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.stream.Stream;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Start-up reconciliation on real H2 databases. A crash that loses the state database's last commit
 * is reproduced exactly: the state database's files are copied (closed) before a batch and put back
 * after it (what H2 leaves when its last commit did not survive), while the node database keeps the
 * batch's record.
 */
class ReconcilerTest {

  @TempDir Path dir;
  final MempoolOnH2.MovableClock clock = new MempoolOnH2.MovableClock();
  final NodeHealth health = new NodeHealth();

  /** The node's databases in {@code dir}, opened and closed together. */
  final class Node implements AutoCloseable {
    final NodeStore store = NodeStore.open(dir);
    final H2StateStore stateStore = H2StateStore.open(dir.resolve("state"));
    final StateAccess state = new StateAccess(stateStore, DOMAIN);
    final Mempool mempool = new Mempool(store, state, clock, 1000);
    final Batcher batcher =
        new Batcher(
            store,
            state,
            mempool,
            clock,
            () -> clock.now.getEpochSecond(),
            1,
            Duration.ZERO,
            Integer.MAX_VALUE,
            health);

    void admitAndBatch(String label) {
      assertThat(mempool.submit(raw(create(SIGNING, label))))
          .isInstanceOf(Admission.Accepted.class);
      assertThat(batcher.tick()).isTrue();
    }

    Reconciler.Outcome reconcile(Bytes32 l1Root) throws Exception {
      return new Reconciler(store, state, () -> l1Root, health).reconcile();
    }

    Bytes32 genesis() {
      return state.rootAt(0).orElseThrow();
    }

    @Override
    public void close() throws Exception {
      mempool.close();
      stateStore.close();
      store.close();
    }
  }

  @Test
  void aBatchTheStateDatabaseLostIsAppliedAgainFromItsStoredTransactions() throws Exception {
    Path snapshot = dir.resolve("snapshot");
    Bytes32 recordedRoot;
    try (Node node = new Node()) {
      node.admitAndBatch("first");
    }
    copy(dir.resolve("state"), snapshot);
    try (Node node = new Node()) {
      node.admitAndBatch("second");
      recordedRoot = node.store.latestRecorded().flatMap(StoredBatch::newRoot).orElseThrow();
    }
    copy(snapshot, dir.resolve("state")); // the state database as a crash left it: batch 2 lost

    try (Node node = new Node()) {
      assertThat(node.state.latestStateBatch()).isEqualTo(1);

      Reconciler.Outcome outcome = node.reconcile(node.genesis());

      assertThat(outcome.agreed()).isTrue();
      assertThat(outcome.replayed()).isEqualTo(1);
      assertThat(node.state.latestStateBatch()).isEqualTo(2);
      assertThat(node.state.root()).isEqualTo(recordedRoot);
      assertThat(health.healthy()).isTrue();
      node.admitAndBatch("third"); // the batcher goes on from the recorded root
      assertThat(node.store.latestRecorded().orElseThrow().oldRoot()).contains(recordedRoot);
    }
  }

  @Test
  void aStateAheadOfTheNodesRecordsIsADisagreementAndNothingIsPlanned() throws Exception {
    try (Node node = new Node()) {
      node.admitAndBatch("first");
    }
    deleteNodeDatabase(); // the node's records of batch 1 are gone; the state keeps it

    try (Node node = new Node()) {
      Reconciler.Outcome outcome = node.reconcile(node.genesis());

      assertThat(outcome.agreed()).isFalse();
      assertThat(outcome.disagreement().orElseThrow())
          .contains("state database ends at state batch 1");
      assertThat(health.problem(Reconciler.COMPONENT)).isPresent();
      assertThat(node.mempool.submit(raw(create(SIGNING, "after"))))
          .isInstanceOf(Admission.Accepted.class);
      assertThat(node.batcher.tick())
          .as("the batcher refuses to plan on a state it has no record of")
          .isFalse();
      assertThat(node.store.lastBatchId()).isZero();
    }
  }

  @Test
  void anL1RootTheNodeNeverProducedIsADisagreement() throws Exception {
    try (Node node = new Node()) {
      node.admitAndBatch("first");
      Bytes32 foreign = Bytes32.fromHexString("0x" + "ab".repeat(32));

      Reconciler.Outcome outcome = node.reconcile(foreign);

      assertThat(outcome.agreed()).isFalse();
      assertThat(health.problem(Reconciler.COMPONENT).orElseThrow())
          .contains("L1's latest root " + foreign);
    }
  }

  @Test
  void recordsThatAgreeWithTheStateAndL1AreLeftAlone() throws Exception {
    try (Node node = new Node()) {
      node.admitAndBatch("first");
      Bytes32 root = node.state.root();

      Reconciler.Outcome outcome = node.reconcile(root);

      assertThat(outcome.agreed()).isTrue();
      assertThat(outcome.replayed()).isZero();
      assertThat(node.state.root()).isEqualTo(root);
    }
  }

  private void deleteNodeDatabase() throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.filter(p -> p.getFileName().toString().startsWith("node")).toList()) {
        Files.delete(f);
      }
    }
  }

  private static void copy(Path from, Path to) throws Exception {
    Files.createDirectories(to);
    try (Stream<Path> files = Files.list(from)) {
      for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".mv.db")).toList()) {
        Files.copy(f, to.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }
}
