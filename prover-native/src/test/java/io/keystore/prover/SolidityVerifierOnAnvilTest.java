package io.keystore.prover;

import static org.assertj.core.api.Assertions.assertThat;

import io.keystore.devtools.Anvil;
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

/**
 * End to end on a real EVM: a proof made through JNA, checked by the Solidity verifier gnark
 * exported for the same keys, compiled with the project's solc and deployed on anvil.
 */
class SolidityVerifierOnAnvilTest {

  private static final Logger LOG = LoggerFactory.getLogger(SolidityVerifierOnAnvilTest.class);

  @TempDir static Path cache;

  private static ProvingCircuit circuit;
  private static Anvil anvil;
  private static OnChainVerifier verifier;
  private static Proof proof;

  @BeforeAll
  static void deployTheExportedVerifier() throws Exception {
    circuit = NativeProver.load().loadCircuit(TestPoseidon2Witness.CIRCUIT, cache);
    proof = circuit.prove(TestPoseidon2Witness.of(0xC0FFEE, 0xBEEF).bytes());
    anvil = Anvil.start();
    verifier = OnChainVerifier.deploy(circuit, "TestPoseidon2Verifier", anvil);
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
    assertThat(verifier.accepts(proof)).isTrue();

    BigInteger gas = verifier.transactionGas(proof);
    LOG.info("verifyProof of {} costs {} gas (transaction total)", circuit.name(), gas);
    assertThat(gas).isPositive();
  }

  @Test
  void everyChangedPublicInputByteIsRejectedOnChainAndInJava() throws Exception {
    for (int i = 0; i < 32; i++) {
      List<Bytes32> changed = OnChainVerifier.withInputByteChanged(proof, i);
      assertThat(verifier.rejects(proof.calldata(), changed))
          .as("on chain, input byte %d", i)
          .isTrue();
      assertThat(circuit.verify(new Proof(proof.calldata(), changed)))
          .as("in Java, input byte %d", i)
          .isFalse();
    }
  }

  @Test
  void changedProofBytesAreRejectedOnChainAndInJava() throws Exception {
    List<Integer> positions = new ArrayList<>();
    for (int i = 0; i < proof.calldata().size(); i += 5) {
      positions.add(i);
    }
    positions.addAll(
        List.of(255, 256 + 63, 320, proof.calldata().size() - 1)); // C, commitment, PoK
    for (int i : positions) {
      byte[] calldata = proof.calldata().toArray();
      calldata[i] ^= 0x01;
      Bytes changed = Bytes.wrap(calldata);
      assertThat(verifier.rejects(changed, proof.publicInputs()))
          .as("on chain, proof byte %d", i)
          .isTrue();
      assertThat(circuit.verify(new Proof(changed, proof.publicInputs())))
          .as("in Java, proof byte %d", i)
          .isFalse();
    }
  }
}
