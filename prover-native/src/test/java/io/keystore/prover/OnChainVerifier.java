package io.keystore.prover;

import io.keystore.devtools.Anvil;
import io.keystore.devtools.DevDefaults;
import io.keystore.devtools.Foundry;
import java.math.BigInteger;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.StaticArray1;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.RawTransaction;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthCall;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;

/**
 * A circuit's Solidity verifier, exported by gnark through JNA, compiled with the project's solc
 * and deployed on anvil: {@code verifyProof(bytes proof, uint256[1] input)}.
 */
public final class OnChainVerifier {

  private static final Logger LOG = LoggerFactory.getLogger(OnChainVerifier.class);

  private final Web3j web3j;
  private final Credentials sender;
  private final String address;

  private OnChainVerifier(Web3j web3j, Credentials sender, String address) {
    this.web3j = web3j;
    this.sender = sender;
    this.address = address;
  }

  /** Exports, compiles and deploys the verifier of {@code circuit} as {@code contract}. */
  public static OnChainVerifier deploy(ProvingCircuit circuit, String contract, Anvil anvil)
      throws Exception {
    String source = circuit.exportSolidityVerifier(contract);
    Bytes bytecode = new Solc(Foundry.solc()).compile(contract + ".sol", source, contract);
    Credentials sender = Credentials.create(DevDefaults.DEV_PRIVATE_KEY);
    Web3j web3j = anvil.web3j();
    BigInteger nonce =
        web3j
            .ethGetTransactionCount(sender.getAddress(), DefaultBlockParameterName.PENDING)
            .send()
            .getTransactionCount();
    RawTransaction create =
        RawTransaction.createContractTransaction(
            nonce,
            BigInteger.valueOf(10_000_000_000L),
            BigInteger.valueOf(5_000_000),
            BigInteger.ZERO,
            bytecode.toHexString());
    EthSendTransaction sent =
        new RawTransactionManager(web3j, sender, DevDefaults.L1_CHAIN_ID).signAndSend(create);
    if (sent.hasError()) {
      throw new IllegalStateException("deployment failed: " + sent.getError().getMessage());
    }
    // polled: a chain that does not mine on arrival has no receipt at once
    TransactionReceipt receipt =
        new PollingTransactionReceiptProcessor(web3j, 100, 600)
            .waitForTransactionReceipt(sent.getTransactionHash());
    if (!receipt.isStatusOK()) {
      throw new IllegalStateException("deployment of " + contract + " reverted");
    }
    LOG.info(
        "{} deployed at {} for {} gas",
        contract,
        receipt.getContractAddress(),
        receipt.getGasUsed());
    return new OnChainVerifier(web3j, sender, receipt.getContractAddress());
  }

  /**
   * The proof's public inputs with one bit of byte {@code i} of the first input flipped, i < 32.
   */
  public static List<Bytes32> withInputByteChanged(Proof proof, int i) {
    byte[] input = proof.publicInputs().getFirst().toArray();
    input[i] ^= 0x01;
    return List.of(Bytes32.wrap(input));
  }

  /** The verifier's address. */
  public String address() {
    return address;
  }

  /** eth_call of verifyProof. */
  public EthCall call(Bytes calldata, List<Bytes32> inputs) throws Exception {
    return web3j.ethCall(transaction(calldata, inputs), DefaultBlockParameterName.LATEST).send();
  }

  /** Whether verifyProof reverts (gnark's verifier reverts on a proof that does not hold). */
  public boolean rejects(Bytes calldata, List<Bytes32> inputs) throws Exception {
    EthCall call = call(calldata, inputs);
    return call.isReverted() || call.hasError();
  }

  /** Whether verifyProof returns without reverting. */
  public boolean accepts(Proof proof) throws Exception {
    EthCall call = call(proof.calldata(), proof.publicInputs());
    if (call.isReverted() || call.hasError()) {
      LOG.info(
          "verifyProof rejected the proof: {}",
          call.isReverted() ? call.getRevertReason() : call.getError().getMessage());
      return false;
    }
    return true;
  }

  /** The gas of a verifyProof transaction (estimate, intrinsic cost and calldata included). */
  public BigInteger transactionGas(Proof proof) throws Exception {
    return web3j
        .ethEstimateGas(transaction(proof.calldata(), proof.publicInputs()))
        .send()
        .getAmountUsed();
  }

  private Transaction transaction(Bytes calldata, List<Bytes32> inputs) {
    List<Uint256> values = inputs.stream().map(b -> new Uint256(b.toUnsignedBigInteger())).toList();
    Function verifyProof =
        new Function(
            "verifyProof",
            List.of(
                new DynamicBytes(calldata.toArrayUnsafe()),
                new StaticArray1<>(Uint256.class, values)),
            List.of());
    return Transaction.createEthCallTransaction(
        sender.getAddress(), address, FunctionEncoder.encode(verifyProof));
  }
}
