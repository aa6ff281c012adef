package io.keystore.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.keystore.devtools.Anvil;
import io.keystore.devtools.DevDefaults;
import io.keystore.l1.RollupDeployment;
import io.keystore.l2.Frontier;
import io.keystore.l2.contracts.DevL1Block;
import io.keystore.l2.contracts.KeystoreRootOracle;
import io.keystore.node.cli.account.CliRun;
import io.keystore.node.devnet.L2Deployment;
import io.keystore.node.devnet.RootRelayer;
import io.keystore.state.tree.IndexedMerkleTree;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.DefaultGasProvider;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;

/**
 * {@code keystore-node devnet-time} on two real anvils with the devnet's chain ids (L1 31337, L2
 * 31338): both clocks move by the same amount, a chain that is not the devnet's is refused before
 * anything moves, and after a move the relayer carries L1's new time to L2 with the root, which
 * stays fresh in L2 time.
 */
class DevnetTimeCommandTest {

  static final long MAX_ROOT_AGE = 3600;
  static final long ROOT_GRACE = 300;

  /** anvil's second default account: the devnet's relayer on L2. */
  static final Credentials RELAYER = Credentials.create(DevDefaults.RELAYER_PRIVATE_KEY);

  static final Credentials DEV = Credentials.create(DevDefaults.DEV_PRIVATE_KEY);

  static Anvil l1;
  static Anvil l2;

  @BeforeAll
  static void startChains() throws Exception {
    l1 = Anvil.start(0, DevDefaults.L1_CHAIN_ID, 0);
    l2 = Anvil.start(0, DevDefaults.L2_CHAIN_ID, 0);
  }

  @AfterAll
  static void stopChains() throws Exception {
    for (Anvil a : new Anvil[] {l1, l2}) {
      if (a != null) {
        a.close();
      }
    }
  }

  @Test
  void advanceMovesBothChainsLatestBlockTimesByAtLeastTheSeconds() throws Exception {
    long l1Before = latestTime(l1);
    long l2Before = latestTime(l2);

    CliRun run =
        CliRun.run("devnet-time", "advance", "--l1-rpc", l1.url(), "--l2-rpc", l2.url(), "3600");

    assertThat(run.exitCode()).as("%s", run).isZero();
    assertThat(latestTime(l1)).isGreaterThanOrEqualTo(l1Before + 3600);
    assertThat(latestTime(l2)).isGreaterThanOrEqualTo(l2Before + 3600);
    assertThat(run.out())
        .contains(
            "moved the clocks of L1 and L2 forward by 3600 s",
            "L1  chain 31337  " + l1.url(),
            "L2  chain 31338  " + l2.url(),
            "time " + latestTime(l2));
  }

  @Test
  void showPrintsBothChainsLatestBlockTimesAsJsonAndMovesNothing() throws Exception {
    long l1Block = latestBlock(l1);

    JsonNode json =
        CliRun.run("devnet-time", "show", "--json", "--l1-rpc", l1.url(), "--l2-rpc", l2.url())
            .json();

    assertThat(json.at("/chains/0/chainId").asLong()).isEqualTo(31337);
    assertThat(json.at("/chains/0/time").asLong()).isEqualTo(latestTime(l1));
    assertThat(json.at("/chains/1/chainId").asLong()).isEqualTo(31338);
    assertThat(json.at("/chains/1/time").asLong()).isEqualTo(latestTime(l2));
    assertThat(json.at("/l2MinusL1Seconds").asLong()).isEqualTo(latestTime(l2) - latestTime(l1));
    assertThat(latestBlock(l1)).isEqualTo(l1Block);
  }

  @Test
  void anAnvilWithAChainIdThatIsNotTheDevnetsIsRefusedAndNeitherClockMoves() throws Exception {
    try (Anvil mainnetId = Anvil.start(0, 1, 0)) {
      long l2Block = latestBlock(l2);
      long otherBlock = latestBlock(mainnetId);

      CliRun asL1 =
          CliRun.run(
              "devnet-time", "advance", "--l1-rpc", mainnetId.url(), "--l2-rpc", l2.url(), "3600");
      CliRun asL2 =
          CliRun.run(
              "devnet-time",
              "advance",
              "--json",
              "--l1-rpc",
              l1.url(),
              "--l2-rpc",
              mainnetId.url(),
              "60");

      assertThat(asL1.exitCode()).as("%s", asL1).isEqualTo(4);
      assertThat(asL1.err())
          .contains("L1 at " + mainnetId.url() + " has chain id 1, not the devnet's 31337");
      assertThat(asL2.exitCode()).as("%s", asL2).isEqualTo(4);
      assertThat(asL2.json().at("/error/message").asText())
          .contains("L2 at " + mainnetId.url() + " has chain id 1, not the devnet's 31338");
      assertThat(latestBlock(l2)).as("L2 was not moved").isEqualTo(l2Block);
      assertThat(latestBlock(mainnetId)).isEqualTo(otherBlock);
    }
  }

  @Test
  void anUnreachableChainExitsWithThree() {
    CliRun run =
        CliRun.run(
            "devnet-time", "advance", "--l1-rpc", l1.url(), "--l2-rpc", "http://127.0.0.1:1", "60");

    assertThat(run.exitCode()).as("%s", run).isEqualTo(3);
    assertThat(run.err()).startsWith("error: cannot reach L2 at http://127.0.0.1:1");
  }

  @Test
  void secondsOutsideOneToTenYearsIsAUsageError() {
    for (String seconds : new String[] {"0", "-5", "315360001"}) {
      CliRun run =
          CliRun.run(
              "devnet-time", "advance", "--l1-rpc", l1.url(), "--l2-rpc", l2.url(), "--", seconds);
      assertThat(run.exitCode()).as("%s: %s", seconds, run).isEqualTo(2);
      assertThat(run.err()).contains("SECONDS must be between 1 and 315360000");
    }
  }

  @Test
  void afterAnAdvanceTheRelayerSyncsTheRootAtL1sNewTimeAndTheRootStaysFreshInL2Time()
      throws Exception {
    String rollup =
        RollupDeployment.deploy(l1.web3j(), DevDefaults.L1_CHAIN_ID, DevDefaults.DEV_PRIVATE_KEY);
    L2Deployment.Contracts contracts =
        new L2Deployment(new HttpService(l2.url()), DevDefaults.L2_CHAIN_ID, DEV)
            .deploy(RELAYER.getAddress(), rollup, MAX_ROOT_AGE, ROOT_GRACE);
    var relayerTx =
        new RawTransactionManager(
            l2.web3j(),
            RELAYER,
            DevDefaults.L2_CHAIN_ID,
            new PollingTransactionReceiptProcessor(l2.web3j(), 100, 300));
    RootRelayer relayer =
        RootRelayer.of(
            new HttpService(l1.url()),
            rollup,
            l2.web3j(),
            relayerTx,
            contracts,
            (root, leafCount) -> Frontier.of(IndexedMerkleTree.inMemory().store(), leafCount),
            Duration.ofSeconds(1));
    var reader = new ReadonlyTransactionManager(l2.web3j(), DEV.getAddress());
    KeystoreRootOracle oracle =
        KeystoreRootOracle.load(contracts.oracle(), l2.web3j(), reader, new DefaultGasProvider());
    DevL1Block l1Block =
        DevL1Block.load(contracts.l1Block(), l2.web3j(), reader, new DefaultGasProvider());
    assertThat(relayer.step()).isTrue(); // the genesis root, synced at L1's current time
    byte[] root = oracle.latestRoot().send();
    long syncedAt = oracle.rootL1Time(root).send().longValueExact();

    CliRun run =
        CliRun.run("devnet-time", "advance", "--l1-rpc", l1.url(), "--l2-rpc", l2.url(), "3600");
    assertThat(run.exitCode()).as("%s", run).isZero();
    assertThat(relayer.step())
        .isTrue(); // the block mined by the move: L1's time jumped past maxRootAge / 2

    long l1Now = latestTime(l1);
    long resyncedAt = oracle.rootL1Time(root).send().longValueExact();
    assertThat(oracle.rootStatus(root).send().component2())
        .as("a resynced latest root is not superseded")
        .isZero();
    assertThat(relayer.syncs()).isEqualTo(2);
    assertThat(resyncedAt).isEqualTo(l1Now).isGreaterThanOrEqualTo(syncedAt + 3600);
    assertThat(l1Block.timestamp().send().longValueExact())
        .as("L2's view of L1 time")
        .isEqualTo(l1Now);
    long l2Now = latestTime(l2);
    assertThat(l2Now)
        .as("L2 time keeps pace with L1's: the root is as old on L2 as on L1")
        .isBetween(resyncedAt - 5, resyncedAt + 5)
        .isLessThanOrEqualTo(resyncedAt + MAX_ROOT_AGE);
  }

  private static long latestTime(Anvil chain) throws Exception {
    return chain.latestBlockTime();
  }

  private static long latestBlock(Anvil chain) throws Exception {
    return chain.web3j().ethBlockNumber().send().getBlockNumber().longValueExact();
  }
}
