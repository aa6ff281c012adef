package io.keystore.node.l1;

import io.keystore.l1.contracts.KeystoreRollup;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.protocol.Web3j;
import org.web3j.abi.EventEncoder;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthCall;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.tuples.generated.Tuple4;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.DefaultGasProvider;
import org.web3j.utils.Numeric;

/** The node's view of L1: the rollup contract's reads, blocks, and raw transactions. */
public final class L1Client {

  /** Where and when a root was recorded on L1 ({@code l1Block} 0: never). */
  public record RootInfo(long batchIndex, long l1Block, long l1Time, long batchTime) {
    public boolean recorded() {
      return l1Block != 0;
    }
  }

  private final Web3j web3j;
  private final String rollupAddress;
  private final KeystoreRollup reader;
  private final long chainId;

  public L1Client(Web3j web3j, String rollupAddress) throws IOException {
    this.web3j = web3j;
    this.rollupAddress = rollupAddress;
    this.chainId = web3j.ethChainId().send().getChainId().longValueExact();
    this.reader =
        KeystoreRollup.load(
            rollupAddress,
            web3j,
            new ReadonlyTransactionManager(web3j, rollupAddress),
            new DefaultGasProvider());
  }

  public long chainId() {
    return chainId;
  }

  public String rollupAddress() {
    return rollupAddress;
  }

  public Web3j web3j() {
    return web3j;
  }

  public RootInfo rootInfo(Bytes32 root) throws Exception {
    Tuple4<BigInteger, BigInteger, BigInteger, BigInteger> t =
        reader.rootInfo(root.toArrayUnsafe()).send();
    return new RootInfo(
        t.component1().longValue(), t.component2().longValue(), t.component3().longValue(), t.component4().longValue());
  }

  public Bytes32 latestRoot() throws Exception {
    return Bytes32.wrap(reader.latestRoot().send());
  }

  public long blockNumber() throws IOException {
    return web3j.ethBlockNumber().send().getBlockNumber().longValueExact();
  }

  public long latestBlockTime() throws IOException {
    EthBlock.Block b = web3j.ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false).send().getBlock();
    return b.getTimestamp().longValueExact();
  }

  public long pendingNonce(String address) throws IOException {
    return web3j.ethGetTransactionCount(address, DefaultBlockParameterName.PENDING)
        .send()
        .getTransactionCount()
        .longValueExact();
  }

  public BigInteger gasPrice() throws IOException {
    return web3j.ethGasPrice().send().getGasPrice();
  }

  /** The submitBatch call data. */
  public String submitBatchData(
      int slots, Bytes32 newRoot, long newLeafCount, long batchTime, int forcedCount, Bytes updates,
      Bytes proof) {
    return reader
        .submitBatch(
            BigInteger.valueOf(slots),
            newRoot.toArray(),
            BigInteger.valueOf(newLeafCount),
            BigInteger.valueOf(batchTime),
            BigInteger.valueOf(forcedCount),
            updates.toArray(),
            proof.toArray())
        .encodeFunctionCall();
  }

  /**
   * A call that reverts: the revert data (the custom error's selector and arguments; empty when
   * the node returned none) and the node's message.
   */
  public record Revert(Bytes data, String message) {
    /** The rollup's custom error, when the data names one (see {@link RollupErrors}). */
    public Optional<String> error() {
      return RollupErrors.name(data);
    }

    /** A readable form: the error with its arguments, e.g. {@code InvalidProof()}. */
    public String describe() {
      return RollupErrors.describe(data, message);
    }
  }

  /**
   * Simulates {@code data} sent to the rollup by {@code from} with {@code gasLimit} ({@code
   * eth_call} at the latest block; costs nothing): empty if it would succeed, else its revert. An
   * error of the node itself (not a revert) is an {@link IOException}.
   */
  public Optional<Revert> simulate(String from, BigInteger gasLimit, String data) throws IOException {
    EthCall r =
        web3j.ethCall(
                Transaction.createFunctionCallTransaction(from, null, null, gasLimit, rollupAddress, data),
                DefaultBlockParameterName.LATEST)
            .send();
    if (!r.hasError()) {
      return Optional.empty();
    }
    Response.Error e = r.getError();
    String message = Optional.ofNullable(e.getMessage()).orElse("");
    Optional<Bytes> revertData = revertData(e.getData());
    String lower = message.toLowerCase();
    if (e.getCode() == 3 || revertData.isPresent() || lower.contains("revert") || lower.contains("out of gas")) {
      return Optional.of(new Revert(revertData.orElse(Bytes.EMPTY), message));
    }
    throw new IOException("eth_call failed: " + e.getCode() + " " + message);
  }

  private static Optional<Bytes> revertData(String data) {
    String hex = Optional.ofNullable(data).orElse("").replace("\"", "").trim();
    return hex.matches("0x([0-9a-fA-F]{2})+") ? Optional.of(Bytes.fromHexString(hex)) : Optional.empty();
  }

  /** A transaction queued for force inclusion, as the rollup's ForceQueued event tells it. */
  public record QueuedForcedTx(
      long index, Bytes32 forceId, long queuedAt, Bytes transaction, Bytes signerKey, long l1Block) {}

  /** The ForceQueued events of blocks {@code from..to}, in queue order. */
  public List<QueuedForcedTx> forceQueued(long from, long to) throws IOException {
    EthFilter filter =
        new EthFilter(
            DefaultBlockParameter.valueOf(BigInteger.valueOf(from)),
            DefaultBlockParameter.valueOf(BigInteger.valueOf(to)),
            rollupAddress);
    filter.addSingleTopic(EventEncoder.encode(KeystoreRollup.FORCEQUEUED_EVENT));
    EthLog logs = web3j.ethGetLogs(filter).send();
    if (logs.hasError()) {
      throw new IOException("eth_getLogs: " + logs.getError().getMessage());
    }
    List<QueuedForcedTx> out = new ArrayList<>();
    for (EthLog.LogResult<?> r : logs.getLogs()) {
      Log log = (Log) r.get();
      org.web3j.abi.EventValues e =
          org.web3j.tx.Contract.staticExtractEventParameters(KeystoreRollup.FORCEQUEUED_EVENT, log);
      out.add(
          new QueuedForcedTx(
              ((BigInteger) e.getIndexedValues().get(0).getValue()).longValueExact(),
              Bytes32.wrap((byte[]) e.getIndexedValues().get(1).getValue()),
              ((BigInteger) e.getNonIndexedValues().get(0).getValue()).longValueExact(),
              Bytes.wrap((byte[]) e.getNonIndexedValues().get(1).getValue()),
              Bytes.wrap((byte[]) e.getNonIndexedValues().get(2).getValue()),
              log.getBlockNumber().longValueExact()));
    }
    out.sort(java.util.Comparator.comparingLong(QueuedForcedTx::index));
    return out;
  }

  /** The queue index of the oldest forced transaction not yet in a batch on L1. */
  public long forceHead() throws Exception {
    return reader.forceHead().send().longValueExact();
  }

  /** A signed transaction to the rollup: its hash and raw bytes. */
  public record Signed(Bytes32 hash, String raw) {}

  public Signed sign(Credentials sender, long nonce, BigInteger gasPrice, BigInteger gasLimit, String data) {
    RawTransaction tx =
        RawTransaction.createTransaction(BigInteger.valueOf(nonce), gasPrice, gasLimit, rollupAddress, data);
    byte[] signed = TransactionEncoder.signMessage(tx, chainId, sender);
    return new Signed(Bytes32.wrap(org.web3j.crypto.Hash.sha3(signed)), Numeric.toHexString(signed));
  }

  /** Broadcasts; an error that says the transaction is known already is not a failure. */
  public Optional<String> send(Signed signed) throws IOException {
    EthSendTransaction r = web3j.ethSendRawTransaction(signed.raw()).send();
    if (r.hasError()) {
      String m = r.getError().getMessage();
      String lower = m.toLowerCase();
      if (lower.contains("already") || lower.contains("known")) {
        return Optional.empty();
      }
      return Optional.of(m);
    }
    return Optional.empty();
  }

  public Optional<TransactionReceipt> receipt(Bytes32 txHash) throws IOException {
    return web3j.ethGetTransactionReceipt(txHash.toHexString()).send().getTransactionReceipt();
  }
}
