package io.keystore.node.devnet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keystore.l1.contracts.KeystoreRollup;
import io.keystore.l2.Frontier;
import io.keystore.l2.contracts.KeystoreRootOracle;
import io.keystore.state.tree.IndexedMerkleTree;
import java.math.BigInteger;
import java.time.Duration;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The devnet relayer's rounds on two real anvils (RootRelayer.step, no thread): each new L1 block
 * is relayed to DevL1Block, the root is synced when it is new or its L1 time is older than the
 * refresh age, and nothing happens without a new L1 block.
 */
class RootRelayerOnAnvilTest {

  private static TwoAnvils chains;
  private KeystoreRollup rollup;
  private KeystoreRootOracle oracle;

  @BeforeAll
  static void startChains() throws Exception {
    chains = TwoAnvils.start();
  }

  @AfterAll
  static void stopChains() throws Exception {
    if (chains != null) {
      chains.close();
    }
  }

  @BeforeEach
  void deploy() throws Exception {
    rollup = chains.deployRollup();
    oracle = chains.deployOracle(rollup.getContractAddress());
  }

  private RootRelayer relayer(RootRelayer.FrontierSource frontiers, Duration refreshAfter) {
    return new RootRelayer(
        chains.rootSync(rollup.getContractAddress(), oracle),
        chains.l1Block,
        frontiers,
        Duration.ofMillis(100),
        refreshAfter);
  }

  private static RootRelayer.FrontierSource genesisTree() {
    return (root, leafCount) -> Frontier.of(IndexedMerkleTree.inMemory().store(), leafCount);
  }

  private static void mineL1() throws Exception {
    TwoAnvils.rpc(TwoAnvils.serviceOf(chains.l1.web3j()), "evm_mine");
  }

  @Test
  void eachNewL1BlockIsRelayedAndAnUnchangedRootIsSyncedOnce() throws Exception {
    RootRelayer relayer = relayer(genesisTree(), Duration.ofHours(1));

    assertThat(relayer.step()).isTrue();
    assertThat(oracle.latestRoot().send()).isEqualTo(rollup.latestRoot().send());
    assertThat(relayer.step()).as("no new L1 block").isFalse();
    mineL1();
    assertThat(relayer.step()).isTrue();

    assertThat(relayer.relayedBlocks()).isEqualTo(2);
    assertThat(relayer.syncs()).isEqualTo(1);
    assertThat(chains.l1Block.number().send())
        .isEqualTo(chains.l1.web3j().ethBlockNumber().send().getBlockNumber());
  }

  @Test
  void anUnchangedRootIsSyncedAgainOnceItsL1TimeIsOlderThanTheRefreshAge() throws Exception {
    RootRelayer relayer = relayer(genesisTree(), Duration.ZERO);
    relayer.step();
    BigInteger firstTime = oracle.rootL1Time(rollup.latestRoot().send()).send();
    TwoAnvils.rpc(TwoAnvils.serviceOf(chains.l1.web3j()), "evm_increaseTime", 10);
    mineL1();
    relayer.step();

    assertThat(relayer.syncs()).isEqualTo(2);
    assertThat(oracle.rootL1Time(rollup.latestRoot().send()).send()).isGreaterThan(firstTime);
  }

  @Test
  void aWrongFrontierFailsTheRoundAndTheNextRoundSyncs() throws Exception {
    IndexedMerkleTree other = IndexedMerkleTree.inMemory();
    other.insert(Bytes32.fromHexString("0x01"), Bytes32.fromHexString("0x02"));
    boolean[] wrong = {true};
    RootRelayer relayer =
        relayer(
            (root, leafCount) ->
                Frontier.of(
                    wrong[0] ? other.store() : IndexedMerkleTree.inMemory().store(), leafCount),
            Duration.ofHours(1));

    assertThatThrownBy(relayer::step).isInstanceOf(IllegalArgumentException.class);
    assertThat(relayer.syncs()).isZero();
    wrong[0] = false;
    mineL1();
    relayer.step();

    assertThat(relayer.syncs()).isEqualTo(1);
    assertThat(oracle.latestRoot().send()).isEqualTo(rollup.latestRoot().send());
  }
}
