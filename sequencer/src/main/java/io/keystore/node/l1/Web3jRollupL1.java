package io.keystore.node.l1;

import io.keystore.l1.contracts.KeystoreRollup;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.EventValues;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthCall;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.tuples.generated.Tuple4;
import org.web3j.tx.Contract;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.DefaultGasProvider;
import org.web3j.utils.Numeric;

/** {@link RollupL1} over JSON-RPC (web3j), signing as the sequencer. */
public final class Web3jRollupL1 implements RollupL1 {

  /** The gas limit of a submitBatch (simulated and sent). */
  static final BigInteger GAS_LIMIT = BigInteger.valueOf(3_000_000);

  private final Web3j web3j;
  private final String rollupAddress;
  private final Credentials sequencer;
  private final KeystoreRollup reader;
  private final long chainId;

  private Web3jRollupL1(Web3j web3j, String rollupAddress, Credentials sequencer, long chainId) {
    this.web3j = web3j;
    this.rollupAddress = rollupAddress;
    this.sequencer = sequencer;
    this.chainId = chainId;
    this.reader =
        KeystoreRollup.load(
            rollupAddress,
            web3j,
            new ReadonlyTransactionManager(web3j, rollupAddress),
            new DefaultGasProvider());
  }

  /**
   * The rollup at {@code rollupAddress} on the chain {@code web3j} reaches (its chain id read now).
   */
  public static Web3jRollupL1 connect(Web3j web3j, String rollupAddress, Credentials sequencer)
      throws IOException {
    return new Web3jRollupL1(
        web3j, rollupAddress, sequencer, web3j.ethChainId().send().getChainId().longValueExact());
  }

  @Override
  public long chainId() {
    return chainId;
  }

  @Override
  public String rollupAddress() {
    return rollupAddress;
  }

  @Override
  public Bytes32 domainSeparator() throws Exception {
    return Bytes32.wrap(reader.domainSeparator().send());
  }

  @Override
  public RootInfo rootInfo(Bytes32 root) throws Exception {
    Tuple4<BigInteger, BigInteger, BigInteger, BigInteger> t =
        reader.rootInfo(root.toArrayUnsafe()).send();
    return new RootInfo(
        t.component1().longValue(),
        t.component2().longValue(),
        t.component3().longValue(),
        t.component4().longValue());
  }

  @Override
  public Bytes32 latestRoot() throws Exception {
    return Bytes32.wrap(reader.latestRoot().send());
  }

  @Override
  public long forceHead() throws Exception {
    return reader.forceHead().send().longValueExact();
  }

  @Override
  public long blockNumber() throws IOException {
    return web3j.ethBlockNumber().send().getBlockNumber().longValueExact();
  }

  @Override
  public long latestBlockTime() throws IOException {
    return web3j
        .ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false)
        .send()
        .getBlock()
        .getTimestamp()
        .longValueExact();
  }

  @Override
  public long pendingNonce() throws IOException {
    return web3j
        .ethGetTransactionCount(sequencer.getAddress(), DefaultBlockParameterName.PENDING)
        .send()
        .getTransactionCount()
        .longValueExact();
  }

  @Override
  public BigInteger gasPrice() throws IOException {
    return web3j.ethGasPrice().send().getGasPrice();
  }

  /** The call data of a submission. */
  String calldata(Submission s) {
    return switch (s) {
      case BatchSubmission b -> calldata(b);
      case AggregatedSubmission a -> calldata(a);
    };
  }

  /** The submitAggregated call data (the wrapper has none: {@link AggregatedSubmission}). */
  static String calldata(AggregatedSubmission a) {
    return io.keystore.l1.AggregatedSubmission.encode(
        a.batches().stream()
            .map(
                b ->
                    new io.keystore.l1.AggregatedSubmission.Batch(
                        b.circuit(),
                        b.newRoot().toArray(),
                        b.newLeafCount(),
                        b.batchTime(),
                        b.forcedCount(),
                        b.updates().toArray()))
            .toList(),
        a.proof().toArray());
  }

  /** The submitBatch call data. */
  String calldata(BatchSubmission b) {
    return reader
        .submitBatch(
            BigInteger.valueOf(b.circuit()),
            b.newRoot().toArray(),
            BigInteger.valueOf(b.newLeafCount()),
            BigInteger.valueOf(b.batchTime()),
            BigInteger.valueOf(b.forcedCount()),
            b.updates().toArray(),
            b.proof().toArray())
        .encodeFunctionCall();
  }

  @Override
  public Optional<Revert> simulate(Submission batch) throws IOException {
    EthCall r =
        web3j
            .ethCall(
                Transaction.createFunctionCallTransaction(
                    sequencer.getAddress(), null, null, GAS_LIMIT, rollupAddress, calldata(batch)),
                DefaultBlockParameterName.LATEST)
            .send();
    if (!r.hasError()) {
      return Optional.empty();
    }
    Response.Error e = r.getError();
    String message = Optional.ofNullable(e.getMessage()).orElse("");
    Optional<Bytes> revertData = revertData(e.getData());
    String lower = message.toLowerCase();
    if (e.getCode() == 3
        || revertData.isPresent()
        || lower.contains("revert")
        || lower.contains("out of gas")) {
      return Optional.of(new Revert(revertData.orElse(Bytes.EMPTY), message));
    }
    throw new IOException("eth_call failed: " + e.getCode() + " " + message);
  }

  private static Optional<Bytes> revertData(String data) {
    String hex = Optional.ofNullable(data).orElse("").replace("\"", "").trim();
    return hex.matches("0x([0-9a-fA-F]{2})+")
        ? Optional.of(Bytes.fromHexString(hex))
        : Optional.empty();
  }

  @Override
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
      EventValues e = Contract.staticExtractEventParameters(KeystoreRollup.FORCEQUEUED_EVENT, log);
      out.add(
          new QueuedForcedTx(
              ((BigInteger) e.getIndexedValues().get(0).getValue()).longValueExact(),
              Bytes32.wrap((byte[]) e.getIndexedValues().get(1).getValue()),
              ((BigInteger) e.getNonIndexedValues().get(0).getValue()).longValueExact(),
              Bytes.wrap((byte[]) e.getNonIndexedValues().get(1).getValue()),
              Bytes.wrap((byte[]) e.getNonIndexedValues().get(2).getValue()),
              log.getBlockNumber().longValueExact()));
    }
    out.sort(Comparator.comparingLong(QueuedForcedTx::index));
    return out;
  }

  @Override
  public Signed sign(Submission batch, long nonce, BigInteger gasPrice) {
    RawTransaction tx =
        RawTransaction.createTransaction(
            BigInteger.valueOf(nonce), gasPrice, GAS_LIMIT, rollupAddress, calldata(batch));
    byte[] signed = TransactionEncoder.signMessage(tx, chainId, sequencer);
    return new Signed(Bytes32.wrap(Hash.sha3(signed)), Numeric.toHexString(signed));
  }

  @Override
  public Optional<String> send(Signed signed) throws IOException {
    EthSendTransaction r = web3j.ethSendRawTransaction(signed.raw()).send();
    if (r.hasError()) {
      String m = r.getError().getMessage();
      String lower = m.toLowerCase();
      return lower.contains("already") || lower.contains("known")
          ? Optional.empty()
          : Optional.of(m);
    }
    return Optional.empty();
  }

  @Override
  public Optional<Receipt> receipt(Bytes32 txHash) throws IOException {
    Optional<TransactionReceipt> r =
        web3j.ethGetTransactionReceipt(txHash.toHexString()).send().getTransactionReceipt();
    return r.map(t -> new Receipt(t.isStatusOK(), t.getBlockNumber().longValueExact()));
  }
}
