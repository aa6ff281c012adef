package io.keystore.node;

import static io.keystore.node.RpcClient.status;
import static org.assertj.core.api.Assertions.assertThat;

import io.keystore.devtools.DevDefaults;
import io.keystore.l1.contracts.KeystoreRollup;
import io.keystore.state.tx.Transaction;
import io.keystore.state.tx.TxCodec;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;
import org.web3j.tx.gas.DefaultGasProvider;

/**
 * Force inclusion through the node (docs/spec/proof.md §7): transactions queued on L1 by someone
 * else than the sequencer are read from the rollup's queue, put first in the next batch, proven,
 * and taken off the queue by submitBatch; one that is invalid by its turn is rejected by proof in a
 * batch that keeps the root.
 */
class NodeForceInclusionTest {

  /** anvil's second dev account: a user, not the sequencer. */
  static final String USER_KEY = DevDefaults.RELAYER_PRIVATE_KEY;

  @TempDir static Path dataDir;
  static DevnetL1 chain;
  static KeystoreNode node;
  static RpcClient rpc;
  static KeystoreRollup asUser;

  @BeforeAll
  static void start() throws Exception {
    chain = DevnetL1.start();
    node = KeystoreNode.start(chain.nodeConfig(dataDir));
    rpc = new RpcClient(node.rpcPort());
    asUser =
        KeystoreRollup.load(
            chain.rollup,
            chain.anvil.web3j(),
            Credentials.create(USER_KEY),
            new DefaultGasProvider());
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
  void aQueuedTransactionIsProvenAndPoppedAndAnInvalidOneIsRejectedByProofKeepingTheRoot()
      throws Exception {
    Transaction create = DevTransactions.create(node.domain(), "forced alice", 0);
    asUser
        .forceInclude(
            TxCodec.encode(create).toArray(),
            DevTransactions.key("forced alice").publicKey().toXY().toArray())
        .send();

    JsonObject applied =
        rpc.awaitReceipt(
            TxCodec.hash(create).toHexString(), status("finalised"), Duration.ofMinutes(4));

    assertThat(applied.getJsonObject("forced").getLong("queueIndex")).isZero();
    assertThat(asUser.forceHead().send()).isEqualTo(BigInteger.ONE);
    assertThat(asUser.forceQueueLength().send()).isZero();
    String root = rpc.call("keystore_getStateRoot").getString("result");
    assertThat(Bytes32.wrap(asUser.latestRoot().send()).toHexString()).isEqualTo(root);
    assertThat(
            rpc.call("keystore_getAccount", create.account().toString())
                .getJsonObject("result")
                .getString("nonce"))
        .isEqualTo("0x1");

    Transaction finalise = new Transaction.FinaliseRecovery(create.account());
    asUser.forceInclude(TxCodec.encode(finalise).toArray(), new byte[0]).send();

    JsonObject rejected =
        rpc.awaitReceipt(
            TxCodec.hash(finalise).toHexString(), status("rejected"), Duration.ofMinutes(2));
    assertThat(rejected.getString("reason")).isEqualTo("NOTHING_PENDING");
    awaitForceHead(2, Duration.ofMinutes(4));
    assertThat(asUser.batchCount().send()).isEqualTo(BigInteger.TWO);
    assertThat(Bytes32.wrap(asUser.latestRoot().send()).toHexString()).isEqualTo(root);

    // a batch that applied nothing made no state batch: the node goes on batching after it
    Transaction next = DevTransactions.create(node.domain(), "after the rejected one", 0);
    rpc.call("keystore_sendRawTransaction", DevTransactions.hex(next));
    rpc.awaitReceipt(TxCodec.hash(next).toHexString(), status("finalised"), Duration.ofMinutes(4));
  }

  private static void awaitForceHead(long head, Duration timeout) throws Exception {
    Instant end = Instant.now().plus(timeout);
    while (asUser.forceHead().send().longValueExact() < head) {
      if (Instant.now().isAfter(end)) {
        throw new AssertionError("L1's force queue head stayed below " + head);
      }
      Thread.sleep(500);
    }
  }
}
