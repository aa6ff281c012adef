package io.keystore.node;

import static io.keystore.node.TwoChainDevnet.key;
import static io.keystore.node.TwoChainDevnet.noop;

import io.keystore.l2.contracts.KeystoreRootOracle;
import io.keystore.sdk.Accounts;
import io.keystore.sdk.KeystoreTransactions;
import io.keystore.sdk.MiniAccountSignatures.Mode;
import io.keystore.sdk.PreparedUserOperation;
import io.keystore.sdk.Receipt;
import io.keystore.sdk.TxStatus;
import io.keystore.state.account.AccountCreation;
import io.keystore.state.account.GuardianSet;
import io.keystore.state.account.Settings;
import io.keystore.state.crypto.Address;
import io.keystore.state.crypto.PrivateKey;
import io.keystore.state.hash.Fr;
import io.keystore.state.tx.Transaction;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes32;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.DefaultGasProvider;

/**
 * {@code l2_revocation_seconds} (transactions.md §6.8, property 4): on the devnet users run, an
 * owner key is rotated and the rotation's batch is recorded on L1; the figure is the time from that
 * L1 block's timestamp to the first L2 block in which the old key is refused against every root the
 * L2 oracle knows (the old key's last root included). It is L1 → L2 sync latency (measured: the
 * relayer, as the devnet runs it) plus the deployment's {@code rootGrace} (waited out by moving
 * L2's clock one second at a time once the new root is synced), in chain seconds.
 */
public final class RevocationBenchmark {

  private RevocationBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path dir = Files.createTempDirectory("keystore-revocation-bench");
    try (TwoChainDevnet net = TwoChainDevnet.start(dir)) {
      long seconds = measure(net);
      System.out.printf(
          "{\"metric\": \"l2_revocation_seconds\", \"value\": %d, \"unit\": \"s\"}%n", seconds);
    }
  }

  static long measure(TwoChainDevnet net) throws Exception {
    KeystoreTransactions txs = new KeystoreTransactions(net.keystore.domain());
    PrivateKey old = key(901);
    PrivateKey next = key(902);
    GuardianSet guardians =
        new GuardianSet(List.of(key(903).publicKey()), 1, GuardianSet.MIN_RECOVERY_DELAY);
    AccountCreation creation =
        Accounts.create(Fr.of(901), new Settings(old.publicKey(), guardians, Fr.ZERO));
    Address account = creation.address();
    net.fund(creation);
    Bytes32 before = net.accounts.latestRoot();
    PreparedUserOperation stale =
        net.accounts.prepareAt(
            before, account, Optional.of(creation), noop(), Mode.PROOF, Optional.empty());
    require(net.bundler.simulate(stale.sign(old)).isEmpty(), "the old key works before");

    Transaction rotation =
        txs.updateSettings(
                net.keystore.getAccountState(account, Optional.of(creation)),
                new Settings(next.publicKey(), guardians, Fr.ZERO))
            .sign(old);
    Receipt recorded =
        net.keystore.waitForStatus(
            net.keystore.sendTransaction(rotation), TxStatus.FINALISED, Duration.ofMinutes(4));
    long l1Time =
        net.chain
            .anvil
            .web3j()
            .ethGetBlockByNumber(
                DefaultBlockParameter.valueOf(
                    BigInteger.valueOf(recorded.l1BlockNumber().orElseThrow())),
                false)
            .send()
            .getBlock()
            .getTimestamp()
            .longValueExact();
    Bytes32 rotated = recorded.newRoot().orElseThrow();
    net.awaitOracleRoot(rotated);

    KeystoreRootOracle oracle =
        KeystoreRootOracle.load(
            net.contracts.oracle(),
            net.l2.web3j(),
            new ReadonlyTransactionManager(net.l2.web3j(), TwoChainDevnet.DEV.getAddress()),
            new DefaultGasProvider());
    long supersededAt = oracle.rootStatus(before.toArray()).send().component2().longValueExact();
    require(supersededAt > 0, "the rotation's root superseded the old one on L2");
    PreparedUserOperation latest =
        net.accounts.prepare(account, Optional.of(creation), noop(), Mode.PROOF, Optional.empty());
    require(
        net.bundler.simulate(latest.sign(old)).isPresent(),
        "the old key is refused against the new root");
    // the old root stays usable for the grace: step L2's clock until it is refused
    while (net.bundler.simulate(stale.sign(old)).isEmpty()) {
      long now = net.l2.latestBlockTime();
      long step = Math.max(1, supersededAt + net.contracts.rootGrace() - now - 5);
      net.l2.rpc("evm_increaseTime", step);
      net.l2.mine();
    }
    return net.l2.latestBlockTime() - l1Time;
  }

  private static void require(boolean condition, String what) {
    if (!condition) {
      throw new IllegalStateException("revocation benchmark: expected " + what);
    }
  }
}
