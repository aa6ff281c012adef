package io.keystore.node;

import static io.keystore.node.RpcClient.status;
import static org.assertj.core.api.Assertions.assertThat;

import io.keystore.l1.contracts.KeystoreRollup;
import io.keystore.state.crypto.Address;
import io.keystore.state.crypto.Eip712Domain;
import io.keystore.state.tx.Transaction;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.tuweni.bytes.Bytes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.abi.EventEncoder;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.DefaultGasProvider;

/**
 * The node's aggregated path (docs/spec/aggregation.md §7), with real batch-1 and aggregate-2
 * proofs on the devnet's L1: a burst of transactions is proven as leaves and submitted in one
 * aggregated L1 transaction, even when the node is killed with SIGKILL between its leaves and their
 * aggregation; a lone transaction at low load still goes to L1 alone. (Kills between two proofs of
 * a larger tree: the submitter and store tests; each aggregate-2 proof costs about 1.5 minutes.)
 */
class NodeAggregationTest {

  private static final Duration PATIENCE = Duration.ofMinutes(8);

  @TempDir Path dataDir;
  @TempDir Path logs;

  @Test
  void aBurstIsSubmittedAsOneAggregateOnceEvenWhenTheNodeIsKilledBetweenLeavesAndAggregation()
      throws Exception {
    try (DevnetL1 chain = DevnetL1.start()) {
      KeystoreRollup rollup =
          KeystoreRollup.load(
              chain.rollup,
              chain.anvil.web3j(),
              new ReadonlyTransactionManager(chain.anvil.web3j(), chain.rollup),
              new DefaultGasProvider());
      Eip712Domain domain = Eip712Domain.keystore(31337, Address.fromHex(chain.rollup));
      Path log = logs.resolve("node.log");
      int port = NodeProcess.freePort();
      RpcClient rpc = new RpcClient(port);

      // Two transactions at once: two batch-1 leaves, one aggregate-2 proof.
      Process first = NodeProcess.start(chain, dataDir, port, log, "--max-aggregated-batches=4");
      NodeProcess.awaitReady(rpc, first);
      List<String> burst = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        Transaction tx = DevTransactions.create(domain, "aggregated-" + i, 0);
        burst.add(
            rpc.call("keystore_sendRawTransaction", DevTransactions.hex(tx)).getString("result"));
      }
      // SIGKILL once both leaves are stored, before their aggregation is.
      ChildJvm.awaitLine(log, "batch 2 proven for AGGREGATION", first, PATIENCE);
      first.destroyForcibly().waitFor();
      assertThat(Files.readString(log)).contains("proven for AGGREGATION");

      Process second = NodeProcess.start(chain, dataDir, port, log, "--max-aggregated-batches=4");
      try {
        NodeProcess.awaitReady(rpc, second);
        for (String hash : burst) {
          rpc.awaitReceipt(hash, status("finalised"), PATIENCE);
        }
        assertThat(rollup.batchCount().send()).isEqualTo(BigInteger.valueOf(2));
        assertThat(submissionsOf(chain, 2)).as("L1 transactions of the two batches").hasSize(1);
        assertThat(rollup.latestRoot().send())
            .isEqualTo(
                Bytes.fromHexString(rpc.call("keystore_getStateRoot").getString("result"))
                    .toArray());

        // Low load: one transaction goes to L1 alone, proven for L1.
        String lone =
            rpc.call(
                    "keystore_sendRawTransaction",
                    DevTransactions.hex(DevTransactions.create(domain, "alone", 0)))
                .getString("result");
        rpc.awaitReceipt(lone, status("finalised"), PATIENCE);
        assertThat(rollup.batchCount().send()).isEqualTo(BigInteger.valueOf(3));
        assertThat(submissionsOf(chain, 3)).hasSize(2);
        assertThat(ChildJvm.occurrences(Files.readString(log), "proven for L1")).isEqualTo(1);
      } finally {
        second.destroyForcibly().waitFor();
      }
    }
  }

  /** The L1 transactions that hold the first {@code batches} BatchSubmitted events. */
  private static Set<String> submissionsOf(DevnetL1 chain, int batches) throws Exception {
    EthFilter filter =
        new EthFilter(
            DefaultBlockParameterName.EARLIEST, DefaultBlockParameterName.LATEST, chain.rollup);
    filter.addSingleTopic(EventEncoder.encode(KeystoreRollup.BATCHSUBMITTED_EVENT));
    List<EthLog.LogResult<?>> logs = chain.anvil.web3j().ethGetLogs(filter).send().getLogs();
    assertThat(logs).hasSize(batches);
    Set<String> txs = new HashSet<>();
    for (EthLog.LogResult<?> r : logs) {
      txs.add(((EthLog.LogObject) r.get()).getTransactionHash());
    }
    return txs;
  }
}
