package io.keystore.prover;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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

/**
 * End to end on a real EVM: a proof made through JNA, checked by the Solidity verifier gnark
 * exported for the same keys, compiled with the project's solc and deployed on anvil.
 */
class SolidityVerifierOnAnvilTest {

  private static final Logger LOG = LoggerFactory.getLogger(SolidityVerifierOnAnvilTest.class);
  private static final String CONTRACT = "TestPoseidon2Verifier";

  @TempDir static Path cache;

  private static ProvingCircuit circuit;
  private static Anvil anvil;
  private static String verifier;
  private static Credentials sender;
  private static Proof proof;

  @BeforeAll
  static void deployTheExportedVerifier() throws Exception {
    Path bin = Path.of(System.getProperty("keystore.root", "..")).resolve("tools/foundry/bin");
    circuit = NativeProver.load().loadCircuit(TestPoseidon2Witness.CIRCUIT, cache);
    proof = circuit.prove(TestPoseidon2Witness.of(0xC0FFEE, 0xBEEF).bytes());

    String source = circuit.exportSolidityVerifier(CONTRACT);
    Bytes bytecode = new Solc(bin.resolve("solc")).compile(CONTRACT + ".sol", source, CONTRACT);

    anvil = Anvil.start(bin.resolve("anvil"));
    sender = Credentials.create(Anvil.DEV_PRIVATE_KEY);
    verifier = deploy(anvil.web3j(), bytecode);
  }

  @AfterAll
  static void stopAnvil() throws Exception {
    try {
      if (anvil != null) {
        anvil.close();
      }
    } finally {
      if (circuit != null) {
        circuit.close();
      }
    }
  }

  @Test
  void theVerifierOnChainAcceptsTheProofMadeThroughJna() throws Exception {
    EthCall call = verifyOnChain(proof.calldata(), proof.publicInputs());
    assertThat(call.isReverted()).as("revert: %s", call.getRevertReason()).isFalse();
    assertThat(call.hasError()).as("error: %s", call.getError() == null ? "" : call.getError().getMessage()).isFalse();

    BigInteger gas =
        anvil.web3j().ethEstimateGas(callTransaction(proof.calldata(), proof.publicInputs())).send().getAmountUsed();
    LOG.info("verifyProof of {} costs {} gas (transaction total)", circuit.name(), gas);
    assertThat(gas).isPositive();
  }

  @Test
  void everyChangedPublicInputByteIsRejectedOnChainAndInJava() throws Exception {
    for (int i = 0; i < 32; i++) {
      byte[] input = proof.publicInputs().getFirst().toArray();
      input[i] ^= 0x01;
      List<Bytes32> changed = List.of(Bytes32.wrap(input));
      assertThat(rejectedOnChain(proof.calldata(), changed)).as("on chain, input byte %d", i).isTrue();
      assertThat(circuit.verify(new Proof(proof.calldata(), changed))).as("in Java, input byte %d", i).isFalse();
    }
  }

  @Test
  void changedProofBytesAreRejectedOnChainAndInJava() throws Exception {
    List<Integer> positions = new ArrayList<>();
    for (int i = 0; i < proof.calldata().size(); i += 5) {
      positions.add(i);
    }
    positions.addAll(List.of(255, 256 + 63, 320, proof.calldata().size() - 1)); // C, commitment, PoK
    for (int i : positions) {
      byte[] calldata = proof.calldata().toArray();
      calldata[i] ^= 0x01;
      Bytes changed = Bytes.wrap(calldata);
      assertThat(rejectedOnChain(changed, proof.publicInputs())).as("on chain, proof byte %d", i).isTrue();
      assertThat(circuit.verify(new Proof(changed, proof.publicInputs()))).as("in Java, proof byte %d", i).isFalse();
    }
  }

  private static boolean rejectedOnChain(Bytes calldata, List<Bytes32> inputs) throws Exception {
    EthCall call = verifyOnChain(calldata, inputs);
    return call.isReverted() || call.hasError();
  }

  private static EthCall verifyOnChain(Bytes calldata, List<Bytes32> inputs) throws Exception {
    return anvil.web3j().ethCall(callTransaction(calldata, inputs), DefaultBlockParameterName.LATEST).send();
  }

  private static Transaction callTransaction(Bytes calldata, List<Bytes32> inputs) {
    List<Uint256> values = inputs.stream().map(b -> new Uint256(b.toUnsignedBigInteger())).toList();
    Function verifyProof =
        new Function(
            "verifyProof",
            List.of(new DynamicBytes(calldata.toArrayUnsafe()), new StaticArray1<>(Uint256.class, values)),
            List.of());
    return Transaction.createEthCallTransaction(sender.getAddress(), verifier, FunctionEncoder.encode(verifyProof));
  }

  private static String deploy(Web3j web3j, Bytes bytecode) throws Exception {
    BigInteger nonce =
        web3j.ethGetTransactionCount(sender.getAddress(), DefaultBlockParameterName.PENDING).send().getTransactionCount();
    RawTransaction create =
        RawTransaction.createContractTransaction(
            nonce, BigInteger.valueOf(10_000_000_000L), BigInteger.valueOf(5_000_000), BigInteger.ZERO, bytecode.toHexString());
    EthSendTransaction sent = new RawTransactionManager(web3j, sender, Anvil.CHAIN_ID).signAndSend(create);
    if (sent.hasError()) {
      throw new IllegalStateException("deployment failed: " + sent.getError().getMessage());
    }
    TransactionReceipt receipt =
        web3j.ethGetTransactionReceipt(sent.getTransactionHash()).send().getTransactionReceipt().orElseThrow();
    assertThat(receipt.isStatusOK()).as("deployment status").isTrue();
    LOG.info("{} deployed at {} for {} gas", CONTRACT, receipt.getContractAddress(), receipt.getGasUsed());
    return receipt.getContractAddress();
  }
}
