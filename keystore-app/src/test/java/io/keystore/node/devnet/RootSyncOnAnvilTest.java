package io.keystore.node.devnet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keystore.l1.contracts.KeystoreRollup;
import io.keystore.l2.BlockHeaderRlp;
import io.keystore.l2.Frontier;
import io.keystore.l2.RootSync;
import io.keystore.l2.RootSyncProof;
import io.keystore.l2.contracts.KeystoreRootOracle;
import io.keystore.state.hash.Fr;
import io.keystore.state.tree.IndexedMerkleTree;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Hash;
import org.web3j.protocol.Web3jService;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.tuples.generated.Tuple2;
import org.web3j.utils.Numeric;

/**
 * Root sync on two real anvils: a KeystoreRollup on the L1 anvil, DevL1Block at the predeploy
 * address and a KeystoreRootOracle on the L2 anvil. RootSync reads the L1 block and the rollup's
 * proofs, relays the block and calls syncRoot; the L2 oracle then holds the L1 contract's root.
 * Each test deploys its own rollup and oracle.
 */
class RootSyncOnAnvilTest {

  private static TwoAnvils chains;
  private KeystoreRollup rollup;
  private KeystoreRootOracle oracle;
  private RootSync sync;

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
    sync = chains.rootSync(rollup.getContractAddress(), oracle);
  }

  @Test
  void theEncodedHeaderOfEveryAnvilBlockHashesToItsBlockHash() throws Exception {
    Web3jService l1 = TwoAnvils.serviceOf(chains.l1.web3j());
    long latest = sync.latestBlock();
    for (long n = 0; n <= latest; n++) {
      @SuppressWarnings("unchecked")
      Map<String, Object> block =
          (Map<String, Object>)
              TwoAnvils.rpc(
                  l1, "eth_getBlockByNumber", Numeric.encodeQuantity(BigInteger.valueOf(n)), false);
      assertThat(block)
          .containsKeys(
              "baseFeePerGas",
              "withdrawalsRoot",
              "blobGasUsed",
              "excessBlobGas",
              "parentBeaconBlockRoot",
              "requestsHash");
      assertThat(Numeric.toHexString(Hash.sha3(BlockHeaderRlp.encode(block))))
          .as("block %d", n)
          .isEqualTo(block.get("hash"));
    }
  }

  @Test
  void aHeaderWithAForkFieldAfterAMissingOneIsRefused() throws Exception {
    @SuppressWarnings("unchecked")
    Map<String, Object> block =
        new java.util.HashMap<>(
            (Map<String, Object>)
                TwoAnvils.rpc(
                    TwoAnvils.serviceOf(chains.l1.web3j()),
                    "eth_getBlockByNumber",
                    "latest",
                    false));
    block.remove("withdrawalsRoot");
    assertThatThrownBy(() -> BlockHeaderRlp.encode(block))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("withdrawalsRoot");
  }

  @Test
  void theOracleHoldsTheL1RootOfARealRollupAfterASync() throws Exception {
    RootSyncProof proof = sync.fetch(sync.latestBlock());
    RootSync.relay(chains.l1Block, proof);
    TransactionReceipt receipt =
        sync.sync(proof, Frontier.of(IndexedMerkleTree.inMemory().store(), proof.leafCount()));

    assertThat(receipt.isStatusOK()).isTrue();
    byte[] l1Root = rollup.latestRoot().send();
    assertThat(oracle.latestRoot().send()).isEqualTo(l1Root);
    assertThat(proof.leafCount()).isEqualTo(1);
    assertThat(oracle.rootL1Time(l1Root).send()).isEqualTo(BigInteger.valueOf(proof.timestamp()));
    Tuple2<BigInteger, BigInteger> frontier = oracle.frontier(l1Root).send();
    assertThat(frontier.component1()).isEqualTo(BigInteger.ONE);
    assertThat(frontier.component2())
        .isEqualTo(IndexedMerkleTree.inMemory().store().node(1, 0).toBigInteger());
    assertThat(oracle.latestL1Block().send()).isEqualTo(BigInteger.valueOf(proof.blockNumber()));
  }

  @Test
  void syncingTheSameL1BlockTwiceIsRefused() throws Exception {
    RootSyncProof proof = sync.fetch(sync.latestBlock());
    RootSync.relay(chains.l1Block, proof);
    Frontier frontier = Frontier.of(IndexedMerkleTree.inMemory().store(), proof.leafCount());
    sync.sync(proof, frontier);

    String call = syncCall(proof, frontier);
    assertThat(chains.l2RevertData(TwoAnvils.DEV.getAddress(), oracle.getContractAddress(), call))
        .startsWith(selector("L1BlockNotNewer(uint64,uint64)"));
  }

  @Test
  void aProofOfABlockTheL1BlockOracleDoesNotHoldIsRefused() throws Exception {
    RootSyncProof relayed = sync.fetch(sync.latestBlock());
    RootSync.relay(chains.l1Block, relayed);
    RootSyncProof older = sync.fetch(relayed.blockNumber() - 1);
    String call = syncCall(older, Frontier.of(IndexedMerkleTree.inMemory().store(), 1));
    assertThat(chains.l2RevertData(TwoAnvils.DEV.getAddress(), oracle.getContractAddress(), call))
        .startsWith(selector("HeaderHashMismatch(bytes32,bytes32)"));
  }

  @Test
  void onlyTheRelayerMayPublishL1Blocks() throws Exception {
    RootSyncProof proof = sync.fetch(sync.latestBlock());
    String call =
        chains
            .l1Block
            .setL1BlockValues(
                BigInteger.ONE,
                BigInteger.ONE,
                BigInteger.ONE,
                proof.blockHash().toArray(),
                BigInteger.ZERO,
                new byte[32],
                BigInteger.ZERO,
                BigInteger.ZERO)
            .encodeFunctionCall();
    assertThat(
            chains.l2RevertData(TwoAnvils.OTHER.getAddress(), TwoAnvils.L1_BLOCK_PREDEPLOY, call))
        .startsWith(selector("NotRelayer(address)"));
  }

  @Test
  void theRelayerRefusesAFrontierOfAnotherTree() throws Exception {
    RootSyncProof proof = sync.fetch(sync.latestBlock());
    IndexedMerkleTree other = IndexedMerkleTree.inMemory();
    other.insert(Bytes32.fromHexString("0x01"), Bytes32.fromHexString("0x02"));
    assertThatThrownBy(() -> sync.sync(proof, Frontier.of(other.store(), 1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /**
   * A root of 1,000 leaves (a real Java tree of 999 accounts and the sentinel) written into the L1
   * rollup's storage with anvil_setStorageAt, since a batch of 999 accounts cannot be proven in a
   * unit test; the proofs are anvil's own. The oracle first syncs the genesis root (its one-time
   * creation of latestRoot is l2_root_first_sync_gas), then the 1,000-leaf root: the steady-state
   * figure, l2_root_sync_gas, the gas of the whole syncRoot transaction; then the same root again
   * at a later block (l2_root_resync_gas). With -Dkeystore.rootSyncFixture=<file> it also writes
   * the Foundry tests' fixture.
   */
  @Test
  void syncsARootOfAThousandLeavesWithinTheGasGoal() throws Exception {
    RootSyncProof genesis = sync.fetch(sync.latestBlock());
    RootSync.relay(chains.l1Block, genesis);
    TransactionReceipt first =
        sync.sync(genesis, Frontier.of(IndexedMerkleTree.inMemory().store(), 1));
    System.out.println("l2_root_first_sync_gas: " + first.getGasUsed());

    IndexedMerkleTree tree = IndexedMerkleTree.inMemory();
    Random random = new Random(7);
    while (tree.leafCount() < 1000) {
      tree.insert(
          Bytes32.wrap(Numeric.toBytesPadded(new BigInteger(160, random).setBit(0), 32)),
          Fr.of(random.nextLong() >>> 1).toBytes());
    }
    setRollupRoot(tree.root(), tree.leafCount());

    RootSyncProof proof = sync.fetch(sync.latestBlock());
    assertThat(proof.root()).isEqualTo(tree.root());
    assertThat(proof.leafCount()).isEqualTo(1000);
    Frontier frontier = Frontier.of(tree.store(), proof.leafCount());
    assertThat(frontier.height()).isEqualTo(10);
    RootSync.relay(chains.l1Block, proof);
    TransactionReceipt receipt = sync.sync(proof, frontier);

    assertThat(oracle.latestRoot().send()).isEqualTo(rollup.latestRoot().send());
    Tuple2<BigInteger, BigInteger> stored = oracle.frontier(tree.root().toArray()).send();
    assertThat(stored.component1()).isEqualTo(BigInteger.TEN);
    assertThat(stored.component2()).isEqualTo(frontier.node().toBigInteger());
    long syncedAtL2 =
        chains
            .l2
            .web3j()
            .ethGetBlockByHash(receipt.getBlockHash(), false)
            .send()
            .getBlock()
            .getTimestamp()
            .longValueExact();
    assertThat(oracle.rootStatus(genesis.root().toArray()).send().component2())
        .as("the genesis root, superseded at the L2 time of the new root's sync")
        .isEqualTo(BigInteger.valueOf(syncedAtL2));
    assertThat(oracle.rootStatus(tree.root().toArray()).send().component2())
        .as("the latest root")
        .isZero();
    long gas = receipt.getGasUsed().longValueExact();
    System.out.println("l2_root_sync_gas: " + gas);
    System.out.println(
        "l2_root_sync_calldata_bytes: "
            + (Numeric.hexStringToByteArray(syncCall(proof, frontier)).length));
    writeFixture(proof, frontier);
    assertThat(gas).isLessThanOrEqualTo(250_000);

    // the same root again at a later block: its time moves on, its frontier stays
    TwoAnvils.rpc(TwoAnvils.serviceOf(chains.l1.web3j()), "evm_mine");
    RootSyncProof later = sync.fetch(sync.latestBlock());
    RootSync.relay(chains.l1Block, later);
    TransactionReceipt again = sync.sync(later, frontier);
    System.out.println("l2_root_resync_gas: " + again.getGasUsed());
    assertThat(oracle.rootL1Time(tree.root().toArray()).send())
        .isEqualTo(BigInteger.valueOf(later.timestamp()));
    assertThat(oracle.latestL1Block().send()).isEqualTo(BigInteger.valueOf(later.blockNumber()));
    assertThat(oracle.rootStatus(tree.root().toArray()).send().component2())
        .as("a resynced latest root is not superseded")
        .isZero();
  }

  /**
   * Writes slot 0 (latestRoot) and the low 64 bits of slot 1 (leafCount) of the L1 rollup, and
   * mines.
   */
  private void setRollupRoot(Bytes32 root, long leafCount) throws Exception {
    Web3jService l1 = TwoAnvils.serviceOf(chains.l1.web3j());
    String address = rollup.getContractAddress();
    BigInteger slot1 =
        Numeric.toBigInt(
            chains
                .l1
                .web3j()
                .ethGetStorageAt(address, BigInteger.ONE, DefaultBlockParameterName.LATEST)
                .send()
                .getData());
    BigInteger packed = slot1.shiftRight(64).shiftLeft(64).or(BigInteger.valueOf(leafCount));
    TwoAnvils.rpc(l1, "anvil_setStorageAt", address, "0x0", root.toHexString());
    TwoAnvils.rpc(
        l1,
        "anvil_setStorageAt",
        address,
        "0x1",
        Numeric.toHexStringWithPrefixZeroPadded(packed, 64));
    TwoAnvils.rpc(l1, "evm_mine");
    assertThat(rollup.leafCount().send()).isEqualTo(BigInteger.valueOf(leafCount));
  }

  private String syncCall(RootSyncProof proof, Frontier frontier) {
    return oracle
        .syncRoot(
            proof.header(),
            proof.accountProof(),
            proof.rootProof(),
            proof.countProof(),
            frontier.node().toBigInteger())
        .encodeFunctionCall();
  }

  private static String selector(String signature) {
    return Numeric.toHexString(
            Hash.sha3(signature.getBytes(java.nio.charset.StandardCharsets.US_ASCII)))
        .substring(0, 10);
  }

  /** The Foundry fixture (contracts/test/fixtures/root-sync-anvil.json), when asked for. */
  private void writeFixture(RootSyncProof proof, Frontier frontier) throws Exception {
    String target = System.getProperty("keystore.rootSyncFixture", "");
    if (target.isEmpty()) {
      return;
    }
    String json =
        "{\n"
            + field("rollup", "\"" + rollup.getContractAddress() + "\"")
            + field("blockNumber", Long.toString(proof.blockNumber()))
            + field("timestamp", Long.toString(proof.timestamp()))
            + field("blockHash", "\"" + proof.blockHash().toHexString() + "\"")
            + field("header", "\"" + Numeric.toHexString(proof.header()) + "\"")
            + field("accountProof", hexArray(proof.accountProof()))
            + field("accountProofLength", Integer.toString(proof.accountProof().size()))
            + field("rootProof", hexArray(proof.rootProof()))
            + field("rootProofLength", Integer.toString(proof.rootProof().size()))
            + field("countProof", hexArray(proof.countProof()))
            + field("countProofLength", Integer.toString(proof.countProof().size()))
            + field("root", "\"" + proof.root().toHexString() + "\"")
            + field("leafCount", Long.toString(proof.leafCount()))
            + field("frontierHeight", Integer.toString(frontier.height()))
            + "  \"frontierNode\": \""
            + frontier.node().toBytes().toHexString()
            + "\"\n}\n";
    Files.writeString(Path.of(target), json);
  }

  private static String field(String name, String value) {
    return "  \"" + name + "\": " + value + ",\n";
  }

  private static String hexArray(List<byte[]> items) {
    return items.stream()
        .map(b -> "\"" + Numeric.toHexString(b) + "\"")
        .collect(Collectors.joining(", ", "[", "]"));
  }
}
