package io.keystore.node.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.keystore.node.core.Mempool;
import io.keystore.node.core.StateAccess;
import io.keystore.node.storage.BatchRecord;
import io.keystore.node.storage.BatchStatus;
import io.keystore.node.storage.NodeStore;
import io.keystore.node.storage.TxResult;
import io.keystore.state.crypto.Address;
import io.keystore.state.crypto.Eip712Domain;
import io.keystore.state.storage.H2StateStore;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A receipt's nodeBatch is what keystore_getBatch takes; both name the state batch apart. */
class ReceiptBatchNumbersTest {

  private static final Eip712Domain DOMAIN =
      Eip712Domain.keystore(31337, Address.fromHex("0x5FbDB2315678afecb367f032d93F642f64180aa3"));

  @TempDir Path dir;

  @Test
  void aReceiptsNodeBatchIsAcceptedByGetBatchAndTheStateBatchIsNamedApart() throws Exception {
    Bytes32 hash = Bytes32.repeat((byte) 0x11);
    Bytes32 root = Bytes32.repeat((byte) 0x22);
    try (NodeStore store = NodeStore.open(dir);
        H2StateStore stateStore = H2StateStore.open(dir.resolve("state"))) {
      StateAccess state = new StateAccess(stateStore, DOMAIN);
      Mempool mempool = new Mempool(store, state, Clock.systemUTC(), 100);
      try {
        check(
            new KeystoreApi(
                mempool,
                state,
                store,
                31337,
                "0x5fbdb2315678afecb367f032d93f642f64180aa3",
                new Metrics()),
            store,
            hash,
            root);
      } finally {
        mempool.close();
      }
    }
  }

  private static void check(KeystoreApi api, NodeStore store, Bytes32 hash, Bytes32 root) {
    {
      store.insertPendingAll(List.of(new NodeStore.NewTx(hash, 0, Bytes.of(1), 1)));
      store.planBatch(
          1, 1, 0, 4, List.of(), 1); // an EMPTY batch first: node batch 2 makes state batch 5
      store.recordBatch(
          new BatchRecord(1, BatchStatus.EMPTY, root, root, 1, 1, Bytes.EMPTY, Bytes.EMPTY),
          List.of(),
          1);
      store.planBatch(2, 2, 4, 4, List.of(1L), 2);
      store.recordBatch(
          new BatchRecord(
              2,
              BatchStatus.BATCHED,
              root,
              Bytes32.repeat((byte) 0x33),
              1,
              2,
              Bytes.EMPTY,
              Bytes.EMPTY),
          List.of(TxResult.batched(1)),
          2);

      JsonObject receipt =
          (JsonObject)
              api.call("keystore_getTransactionReceipt", new JsonArray().add(hash.toHexString()));
      assertThat(receipt.getString("status")).isEqualTo("batched");
      assertThat(receipt.getLong("nodeBatch")).isEqualTo(2);
      assertThat(receipt.getLong("batch")).isEqualTo(2); // the former name, kept
      assertThat(receipt.getLong("stateBatch")).isEqualTo(5);

      JsonObject batch =
          (JsonObject)
              api.call("keystore_getBatch", new JsonArray().add(receipt.getLong("nodeBatch")));
      assertThat(batch.getLong("nodeBatch")).isEqualTo(2);
      assertThat(batch.getLong("id")).isEqualTo(2);
      assertThat(batch.getLong("stateBatch")).isEqualTo(5);
      assertThat(batch.getString("status")).isEqualTo("batched");
      assertThat(batch.getString("newRoot")).isEqualTo(receipt.getString("newRoot"));
    }
  }
}
