package io.keystore.node;

import static io.keystore.node.RpcClient.status;
import static org.assertj.core.api.Assertions.assertThat;

import io.keystore.l1.contracts.KeystoreRollup;
import io.keystore.state.crypto.Address;
import io.keystore.state.crypto.Eip712Domain;
import io.keystore.state.tx.Transaction;
import io.keystore.state.tx.TxCodec;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.DefaultGasProvider;

/** The node on a real anvil, real H2 files and real batch-1 proofs, driven over HTTP. */
class NodeEndToEndTest {

  @TempDir static Path dataDir;
  static DevnetL1 chain;
  static KeystoreNode node;
  static RpcClient rpc;

  @BeforeAll
  static void start() throws Exception {
    chain = DevnetL1.start();
    node = KeystoreNode.start(chain.nodeConfig(dataDir));
    rpc = new RpcClient(node.rpcPort());
  }

  @AfterAll
  static void stop() throws Exception {
    if (node != null) {
      node.close();
    }
    if (chain != null) {
      chain.close();
    }
  }

  @Test
  void aSignedTransactionSentOverHttpReachesFinalisedAndL1HoldsTheNodesRoot() throws Exception {
    Transaction tx = DevTransactions.create(node.domain(), "alice", 0);
    JsonObject sent = rpc.call("keystore_sendRawTransaction", DevTransactions.hex(tx));
    assertThat(sent.getString("result")).isEqualTo(TxCodec.hash(tx).toHexString());

    JsonObject receipt =
        rpc.awaitReceipt(sent.getString("result"), status("finalised"), Duration.ofMinutes(4));

    String nodeRoot = rpc.call("keystore_getStateRoot").getString("result");
    assertThat(receipt.getString("newRoot")).isEqualTo(nodeRoot);
    assertThat(Bytes32.wrap(rollup().latestRoot().send()).toHexString()).isEqualTo(nodeRoot);
    JsonObject account =
        rpc.call("keystore_getAccount", tx.account().toString()).getJsonObject("result");
    assertThat(account.getString("nonce")).isEqualTo("0x1");
    JsonObject proof =
        rpc.call("keystore_getProof", tx.account().toString()).getJsonObject("result");
    assertThat(proof.getBoolean("member")).isTrue();
    assertThat(proof.getString("root")).isEqualTo(nodeRoot);
    assertThat(
            rpc.call("keystore_getProof", tx.account().toString(), 0)
                .getJsonObject("result")
                .getBoolean("member"))
        .isFalse();
    assertThat(rpc.call("keystore_chainId").getString("result")).isEqualTo("0x7a69");
    assertThat(
            rpc.call("keystore_getBatch", receipt.getLong("batch"))
                .getJsonObject("result")
                .getString("status"))
        .isEqualTo("finalised");
  }

  @Test
  void badInputGetsJsonRpcErrorsAndTheNodeStaysUp() throws Exception {
    assertThat(
            rpc.post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":")
                .json()
                .getJsonObject("error")
                .getInteger("code"))
        .isEqualTo(-32700);
    assertThat(
            rpc.post("{\"jsonrpc\":\"2.0\",\"id\":1}")
                .json()
                .getJsonObject("error")
                .getInteger("code"))
        .isEqualTo(-32600);
    assertThat(error(rpc.call("keystore_noSuchMethod"))).isEqualTo(-32601);
    assertThat(error(rpc.call("keystore_sendRawTransaction", 123))).isEqualTo(-32602);
    assertThat(error(rpc.call("keystore_sendRawTransaction", "0xzz"))).isEqualTo(-32602);
    assertThat(error(rpc.call("keystore_sendRawTransaction", "0x0102"))).isEqualTo(-32602);
    assertThat(error(rpc.call("keystore_getAccount", true))).isEqualTo(-32602);
    assertThat(error(rpc.call("keystore_getBatch", "latest"))).isEqualTo(-32602);

    RpcClient.Response huge =
        rpc.post(
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"keystore_chainId\",\"params\":[\""
                + "a".repeat(200_000)
                + "\"]}");
    assertThat(huge.status()).isEqualTo(413);
    assertThat(huge.json().getJsonObject("error").getInteger("code")).isEqualTo(-32600);
    StringBuilder longBatch = new StringBuilder("[");
    for (int i = 0; i < 21; i++) {
      longBatch
          .append(i == 0 ? "" : ",")
          .append("{\"jsonrpc\":\"2.0\",\"id\":")
          .append(i)
          .append(",\"method\":\"keystore_chainId\"}");
    }
    assertThat(rpc.post(longBatch + "]").json().getJsonObject("error").getInteger("code"))
        .isEqualTo(-32600);

    Transaction good = DevTransactions.create(node.domain(), "bob", 0);
    Bytes encoded = TxCodec.encode(good);
    byte[] corrupt = encoded.toArray();
    corrupt[corrupt.length - 40] ^= 0x01; // inside the signature's s
    assertThat(
            rejection(rpc.call("keystore_sendRawTransaction", Bytes.wrap(corrupt).toHexString())))
        .isIn("BAD_SIGNATURE", "WRONG_SIGNER");
    assertThat(
            rejection(
                rpc.call(
                    "keystore_sendRawTransaction",
                    DevTransactions.hex(DevTransactions.create(node.domain(), "bob", 7)))))
        .isEqualTo("BAD_NONCE");
    Eip712Domain otherChain = Eip712Domain.keystore(1, Address.fromHex(chain.rollup));
    assertThat(
            rejection(
                rpc.call(
                    "keystore_sendRawTransaction",
                    DevTransactions.hex(DevTransactions.create(otherChain, "bob", 0)))))
        .isIn("BAD_SIGNATURE", "WRONG_SIGNER");

    assertThat(rpc.get("/health").status()).isEqualTo(200);
    assertThat(rpc.get("/readiness").status()).isEqualTo(200);
    assertThat(rpc.get("/metrics").body()).contains("keystore_rpc_errors_total");
    assertThat(rpc.call("keystore_syncStatus").getJsonObject("result").getString("rollupAddress"))
        .isEqualToIgnoringCase(chain.rollup);
    assertThat(rpc.call("rpc.discover").getJsonObject("result").getString("openrpc"))
        .isEqualTo("1.2.6");
  }

  private static int error(JsonObject response) {
    return response.getJsonObject("error").getInteger("code");
  }

  private static String rejection(JsonObject response) {
    assertThat(error(response)).isEqualTo(-32010);
    return response.getJsonObject("error").getJsonObject("data").getString("reason");
  }

  private static KeystoreRollup rollup() {
    return KeystoreRollup.load(
        chain.rollup,
        chain.anvil.web3j(),
        new ReadonlyTransactionManager(chain.anvil.web3j(), chain.rollup),
        new DefaultGasProvider());
  }
}
