package io.keystore.sdk;

import io.keystore.l2.contracts.EntryPoint;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthCall;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.DefaultGasProvider;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;
import org.web3j.utils.Numeric;

/**
 * Submits user operations without a bundler service: {@code EntryPoint.handleOps} in a transaction
 * of a funded key of one's own, which is also the beneficiary of the fees. For devnets and tests; a
 * wallet on a public chain would hand the operation to a bundler.
 */
public final class SelfBundler {

  /** FailedOp(uint256,string) and FailedOpWithRevert(uint256,string,bytes). */
  private static final String FAILED_OP = "0x220266b6";

  private static final String FAILED_OP_WITH_REVERT = "0x65c8fd4d";
  private static final BigInteger TX_OVERHEAD = BigInteger.valueOf(300_000);

  private final Web3j l2;
  private final Credentials bundler;
  private final RawTransactionManager transactions;
  private final PollingTransactionReceiptProcessor receipts;
  private final EntryPoint entryPoint;

  public SelfBundler(Web3j l2, long chainId, String entryPoint, Credentials bundler) {
    this.l2 = Objects.requireNonNull(l2, "l2");
    this.bundler = Objects.requireNonNull(bundler, "bundler");
    this.receipts = new PollingTransactionReceiptProcessor(l2, 100, 600);
    this.transactions = new RawTransactionManager(l2, bundler, chainId, receipts);
    this.entryPoint =
        EntryPoint.load(
            entryPoint,
            l2,
            new ReadonlyTransactionManager(l2, entryPoint),
            new DefaultGasProvider());
  }

  /** The outcome of one submitted operation. */
  public record Outcome(
      TransactionReceipt receipt,
      boolean success,
      BigInteger actualGasCost,
      Optional<Bytes> revertReason) {}

  /**
   * Sends {@code handleOps([op], bundler)} and waits for its receipt.
   *
   * @throws UserOperationRejectedException if the EntryPoint refuses the operation in validation
   *     (checked with eth_call first; nothing is sent then)
   */
  public Outcome submit(PackedUserOperation op) throws IOException {
    Bytes data = UserOperations.handleOps(List.of(op), bundler.getAddress());
    Optional<String> refusal = simulate(op);
    if (refusal.isPresent()) {
      throw new UserOperationRejectedException(refusal.get());
    }
    BigInteger gas =
        op.verificationGasLimit()
            .add(op.callGasLimit())
            .add(op.preVerificationGas())
            .add(TX_OVERHEAD);
    BigInteger gasPrice = op.maxFeePerGas();
    EthSendTransaction sent =
        transactions.sendTransaction(
            gasPrice, gas, entryPoint.getContractAddress(), data.toHexString(), BigInteger.ZERO);
    if (sent.hasError()) {
      throw new IOException("handleOps: " + sent.getError().getMessage());
    }
    TransactionReceipt receipt;
    try {
      receipt = receipts.waitForTransactionReceipt(sent.getTransactionHash());
    } catch (org.web3j.protocol.exceptions.TransactionException e) {
      throw new IOException("handleOps receipt: " + e.getMessage(), e);
    }
    var events = entryPoint.getUserOperationEventEvents(receipt);
    if (!receipt.isStatusOK() || events.size() != 1) {
      throw new IOException(
          "handleOps did not execute the operation: status " + receipt.getStatus());
    }
    Optional<Bytes> reason =
        entryPoint.getUserOperationRevertReasonEvents(receipt).stream()
            .findFirst()
            .map(e -> Bytes.wrap(e.revertReason));
    return new Outcome(receipt, events.get(0).success, events.get(0).actualGasCost, reason);
  }

  /**
   * handleOps as an eth_call: empty when the EntryPoint would accept the operation, else its reason
   * ("AA24 signature error", "AA23 reverted" with the account's revert data in hex, ...).
   */
  public Optional<String> simulate(PackedUserOperation op) throws IOException {
    Bytes data = UserOperations.handleOps(List.of(op), bundler.getAddress());
    EthCall call =
        l2.ethCall(
                Transaction.createEthCallTransaction(
                    bundler.getAddress(), entryPoint.getContractAddress(), data.toHexString()),
                DefaultBlockParameterName.LATEST)
            .send();
    if (!call.hasError() && !call.isReverted()) {
      return Optional.empty();
    }
    Object revert = call.hasError() ? call.getError().getData() : call.getRevertReason();
    return Optional.of(
        describe(
            revert == null ? call.getError().getMessage() : revert.toString().replace("\"", "")));
  }

  /** The EntryPoint's own userOpHash of {@code op} (eth_call getUserOpHash). */
  public Bytes32 userOpHashOnChain(PackedUserOperation op) throws IOException {
    EthCall call =
        l2.ethCall(
                Transaction.createEthCallTransaction(
                    bundler.getAddress(),
                    entryPoint.getContractAddress(),
                    UserOperations.getUserOpHash(op).toHexString()),
                DefaultBlockParameterName.LATEST)
            .send();
    if (call.hasError()) {
      throw new IOException("getUserOpHash: " + call.getError().getMessage());
    }
    return Bytes32.fromHexString(call.getValue());
  }

  /**
   * FailedOp's reason, FailedOpWithRevert's reason and inner revert data, or the raw revert data.
   */
  static String describe(String revertHex) {
    if (!revertHex.startsWith("0x") || revertHex.length() < 10) {
      return revertHex;
    }
    Bytes data = Bytes.fromHexString(revertHex);
    String selector = data.slice(0, 4).toHexString();
    if (!selector.equals(FAILED_OP) && !selector.equals(FAILED_OP_WITH_REVERT)) {
      return revertHex;
    }
    Bytes body = data.slice(4);
    String reason = string(body, word(body, 1));
    if (selector.equals(FAILED_OP)) {
      return reason;
    }
    int inner = word(body, 2);
    int length = Numeric.toBigInt(body.slice(inner, 32).toArrayUnsafe()).intValueExact();
    return reason + " " + body.slice(inner + 32, length).toHexString();
  }

  private static int word(Bytes body, int index) {
    return Numeric.toBigInt(body.slice(32 * index, 32).toArrayUnsafe()).intValueExact();
  }

  private static String string(Bytes body, int offset) {
    int length = Numeric.toBigInt(body.slice(offset, 32).toArrayUnsafe()).intValueExact();
    return new String(body.slice(offset + 32, length).toArrayUnsafe(), StandardCharsets.UTF_8);
  }
}
