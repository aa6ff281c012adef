package io.keystore.node;

import static io.keystore.node.RpcClient.status;
import static org.assertj.core.api.Assertions.assertThat;

import io.keystore.l1.contracts.KeystoreRollup;
import io.keystore.state.crypto.Address;
import io.keystore.state.crypto.Eip712Domain;
import io.keystore.state.tx.Transaction;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.DefaultGasProvider;

/**
 * The node in a child JVM ({@code NodeCli run}), killed with SIGKILL at each stage: just after
 * admission, during proving, and after L1 submission before finality. After each restart on the
 * same data directory every transaction reaches finalised, and L1 holds exactly one batch per
 * transaction.
 */
class NodeCrashTest {

  @TempDir Path dataDir;

  @Test
  void aNodeKilledAtEachStageFinalisesEveryTransactionExactlyOnceAfterRestart() throws Exception {
    try (DevChain chain = DevChain.start()) {
      KeystoreRollup rollup = KeystoreRollup.load(chain.rollup, chain.anvil.web3j(),
          new ReadonlyTransactionManager(chain.anvil.web3j(), chain.rollup), new DefaultGasProvider());
      Eip712Domain domain = Eip712Domain.keystore(31337, Address.fromHex(chain.rollup));
      int port = NodeProcess.freePort();
      RpcClient rpc = new RpcClient(port);
      String[] killAt = {"pending", "batched", "submitted"};
      List<String> hashes = new ArrayList<>();
      for (int i = 0; i < killAt.length; i++) {
        Process child = startChild(chain, port, i);
        try {
          NodeProcess.awaitReady(rpc, child);
          Transaction tx = DevTransactions.create(domain, "crash-" + i, 0);
          String hash = rpc.call("keystore_sendRawTransaction", DevTransactions.hex(tx)).getString("result");
          hashes.add(hash);
          if (!killAt[i].equals("pending")) {
            rpc.awaitReceipt(hash, status(killAt[i]), Duration.ofMinutes(3));
          }
        } finally {
          child.destroyForcibly().waitFor(); // SIGKILL
        }
        Process again = startChild(chain, port, 100 + i);
        try {
          NodeProcess.awaitReady(rpc, again);
          for (String h : hashes) {
            rpc.awaitReceipt(h, status("finalised"), Duration.ofMinutes(3));
          }
          assertThat(rollup.batchCount().send()).isEqualTo(BigInteger.valueOf(i + 1));
        } finally {
          again.destroyForcibly().waitFor();
        }
      }
    }
  }

  private Process startChild(DevChain chain, int port, int run) throws Exception {
    return NodeProcess.start(chain, dataDir.resolve("node"), port, dataDir.resolve("child-" + run + ".log"),
        "--max-wait-ms", "0", "--confirmations", "6");
  }
}
