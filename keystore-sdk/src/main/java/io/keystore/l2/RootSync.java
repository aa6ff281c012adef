package io.keystore.l2;

import io.keystore.l2.contracts.DevL1Block;
import io.keystore.l2.contracts.KeystoreRootOracle;
import io.keystore.state.hash.Fr;
import java.io.IOException;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.tuweni.bytes.Bytes32;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.Web3jService;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.response.EthGetProof;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

/**
 * Syncs the L1 rollup's latest keystore root to an L2 {@code KeystoreRootOracle}
 * (docs/spec/root-sync.md): reads an L1 block and the rollup's proofs at it ({@link #fetch}),
 * publishes the block to a devnet's {@code DevL1Block} ({@link #relay}; on an OP Stack chain the
 * sequencer does this), and calls {@code syncRoot} with the root's frontier ({@link #sync}). Shared
 * by the node's devnet relayer and the SDK.
 */
public final class RootSync {

  private static final BigInteger LEAF_COUNT_MASK =
      BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

  /** latestRoot and leafCount, as 32-byte storage keys. */
  private static final List<String> SLOTS =
      List.of(
          Numeric.toHexStringWithPrefixZeroPadded(BigInteger.ZERO, 64),
          Numeric.toHexStringWithPrefixZeroPadded(BigInteger.ONE, 64));

  private final Web3jService l1Service;
  private final Web3j l1;
  private final String rollup;
  private final KeystoreRootOracle oracle;

  /**
   * @param l1Service the L1 JSON-RPC endpoint (raw access: the header needs every field)
   * @param rollup the KeystoreRollup address on L1
   * @param oracle the oracle on the L2, loaded with the transaction manager that pays for syncs
   */
  public RootSync(Web3jService l1Service, String rollup, KeystoreRootOracle oracle) {
    this.l1Service = Objects.requireNonNull(l1Service, "l1Service");
    this.l1 = Web3j.build(l1Service);
    this.rollup = Objects.requireNonNull(rollup, "rollup");
    this.oracle = Objects.requireNonNull(oracle, "oracle");
  }

  /**
   * The header and the rollup's proofs at L1 block {@code blockNumber}.
   *
   * @throws IllegalStateException if the header does not hash to the block hash (a field this
   *     encoder does not know), or the proofs do not have the expected shape
   */
  public RootSyncProof fetch(long blockNumber) throws IOException {
    Map<String, Object> block = block(blockNumber);
    byte[] header = BlockHeaderRlp.encode(block);
    Bytes32 hash = Bytes32.fromHexString((String) block.get("hash"));
    if (!Arrays.equals(BlockHeaderRlp.hash(header), hash.toArrayUnsafe())) {
      throw new IllegalStateException(
          "the encoded header of block " + blockNumber + " does not hash to " + hash);
    }
    EthGetProof response =
        l1.ethGetProof(
                rollup,
                SLOTS,
                DefaultBlockParameter.valueOf(BigInteger.valueOf(blockNumber)).getValue())
            .send();
    if (response.hasError() || response.getProof() == null) {
      throw new IOException(
          "eth_getProof: "
              + (response.hasError() ? response.getError().getMessage() : "no result"));
    }
    EthGetProof.Proof proof = response.getProof();
    List<EthGetProof.StorageProof> storage = proof.getStorageProof();
    if (storage.size() != 2) {
      throw new IllegalStateException(
          "eth_getProof returned " + storage.size() + " storage proofs, not 2");
    }
    return new RootSyncProof(
        blockNumber,
        BlockHeaderRlp.quantity(block, "timestamp").longValueExact(),
        BlockHeaderRlp.quantity(block, "baseFeePerGas"),
        hash,
        header,
        bytes(proof.getAccountProof()),
        bytes(storage.get(0).getProof()),
        bytes(storage.get(1).getProof()),
        Bytes32.wrap(Numeric.toBytesPadded(Numeric.toBigInt(storage.get(0).getValue()), 32)),
        Numeric.toBigInt(storage.get(1).getValue()).and(LEAF_COUNT_MASK).longValueExact());
  }

  /** The latest L1 block's number. */
  public long latestBlock() throws IOException {
    return l1.ethBlockNumber().send().getBlockNumber().longValueExact();
  }

  /**
   * Publishes the block of {@code proof} to a devnet's DevL1Block (sequence number, batcher hash
   * and fee parameters 0), as the OP Stack depositor does for its predeploy.
   */
  public static TransactionReceipt relay(DevL1Block l1Block, RootSyncProof proof) throws Exception {
    return l1Block
        .setL1BlockValues(
            BigInteger.valueOf(proof.blockNumber()),
            BigInteger.valueOf(proof.timestamp()),
            proof.baseFee(),
            proof.blockHash().toArray(),
            BigInteger.ZERO,
            new byte[32],
            BigInteger.ZERO,
            BigInteger.ZERO)
        .send();
  }

  /**
   * Calls {@code syncRoot} with {@code proof} and the root's frontier. The L1Block oracle must hold
   * the proof's block.
   *
   * @throws IllegalArgumentException if the frontier is not the proven root's (the call would
   *     revert)
   */
  public TransactionReceipt sync(RootSyncProof proof, Frontier frontier) throws Exception {
    if (frontier.height() != Frontier.height(proof.leafCount())) {
      throw new IllegalArgumentException(
          "frontier height "
              + frontier.height()
              + " is not that of "
              + proof.leafCount()
              + " leaves");
    }
    Fr root = frontier.root();
    if (!root.toBytes().equals(proof.root())) {
      throw new IllegalArgumentException(
          "the frontier hashes to " + root.toBytes() + ", not to the L1 root " + proof.root());
    }
    return oracle
        .syncRoot(
            proof.header(),
            proof.accountProof(),
            proof.rootProof(),
            proof.countProof(),
            frontier.node().toBigInteger())
        .send();
  }

  private Map<String, Object> block(long number) throws IOException {
    RawBlock response =
        new Request<>(
                "eth_getBlockByNumber",
                List.of(Numeric.encodeQuantity(BigInteger.valueOf(number)), false),
                l1Service,
                RawBlock.class)
            .send();
    if (response.hasError()) {
      throw new IOException("eth_getBlockByNumber: " + response.getError().getMessage());
    }
    Map<String, Object> block = response.getResult();
    if (block == null) {
      throw new IOException("no L1 block " + number);
    }
    return block;
  }

  private static List<byte[]> bytes(List<String> hex) {
    return hex.stream().map(Numeric::hexStringToByteArray).toList();
  }

  /** eth_getBlockByNumber as the raw JSON object: every header field, known to web3j or not. */
  public static final class RawBlock extends Response<Map<String, Object>> {}
}
