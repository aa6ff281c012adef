package io.keystore.prover;

import static io.keystore.state.testing.Fixtures.DOMAIN;
import static io.keystore.state.testing.Fixtures.SIGNING;
import static io.keystore.state.testing.Fixtures.T0;
import static io.keystore.state.testing.ScenarioAccount.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keystore.devtools.Anvil;
import io.keystore.state.account.Settings;
import io.keystore.state.api.BatchResult;
import io.keystore.state.api.KeystoreState;
import io.keystore.state.api.TxOutcome;
import io.keystore.state.proof.BatchWitness;
import io.keystore.state.tree.MemoryTreeStore;
import io.keystore.state.tx.Transaction;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole path of a batch proof: Java applies a batch and builds its witness, the batch circuit
 * proves it through JNA, and the Solidity verifier gnark exported for the same keys accepts it on
 * anvil; the same proof with any public-input byte changed is rejected, and batches the Java state
 * transition rejects, forced into a witness, do not prove.
 *
 * <p>Uses batch-1 with the keys in the default cache (~/.cache/keystore-rollup): the first run on a
 * machine pays the development setup.
 */
class BatchProofEndToEndTest {

  private static final Logger LOG = LoggerFactory.getLogger(BatchProofEndToEndTest.class);
  private static final String CIRCUIT = "batch-1";

  private static ProvingCircuit circuit;
  private static Anvil anvil;
  private static OnChainVerifier verifier;
  private static KeystoreState state;
  private static BatchWitness rotation;
  private static TxOutcome.Applied applied;
  private static Proof proof;

  @BeforeAll
  static void proveABatchBuiltInJava() throws Exception {
    state = new KeystoreState(new MemoryTreeStore(), DOMAIN);
    state.applyBatch(
        List.of(SIGNING.updateConfig(OWNER, ACCOUNT, 0, INITIAL, Optional.of(CREATION))), T0);
    BatchResult r =
        state.applyBatch(
            List.of(
                SIGNING.updateConfig(
                    OWNER,
                    ACCOUNT,
                    1,
                    new Settings(NEW_OWNER.publicKey(), GUARDIANS, HIGH_RULES),
                    Optional.empty())),
            T0 + 60);
    applied = r.applied().getFirst();
    rotation = BatchWitness.of(r, DOMAIN, 1);

    circuit = NativeProver.load().loadCircuit(CIRCUIT);
    long start = System.nanoTime();
    proof = circuit.prove(rotation.toBytes().toArrayUnsafe());
    LOG.info(
        "{}: {} constraints, proved in {} ms",
        CIRCUIT,
        circuit.constraintCount(),
        (System.nanoTime() - start) / 1_000_000);

    anvil = Anvil.start();
    verifier = OnChainVerifier.deploy(circuit, "Batch1Verifier", anvil);
  }

  @AfterAll
  static void stop() throws Exception {
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
  void theProofsOnePublicInputIsTheHashOfTheBatchHeaderJavaComputed() {
    assertThat(proof.publicInputs()).containsExactly(rotation.publicInput());
    assertThat(circuit.verify(proof)).isTrue();
  }

  @Test
  void theExportedVerifierAcceptsTheBatchProofOnAnvil() throws Exception {
    assertThat(verifier.accepts(proof)).isTrue();
    BigInteger gas = verifier.transactionGas(proof);
    LOG.info("proof_verify_gas {} (verifyProof transaction, batch-1)", gas);
    assertThat(gas).isLessThan(BigInteger.valueOf(1_000_000));
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
  void aTransactionSignedByAnotherKeyThanTheOwnerDoesNotProve() {
    Transaction thief =
        SIGNING.updateConfig(
            THIEF,
            ACCOUNT,
            1,
            new Settings(THIEF.publicKey(), GUARDIANS, HIGH_RULES),
            Optional.empty());
    assertForcedSlotDoesNotProve(thief);
  }

  @Test
  void aTransactionSignedForAnotherNonceDoesNotProve() {
    Transaction replay =
        SIGNING.updateConfig(
            OWNER,
            ACCOUNT,
            0,
            new Settings(NEW_OWNER.publicKey(), GUARDIANS, HIGH_RULES),
            Optional.empty());
    assertForcedSlotDoesNotProve(replay);
  }

  @Test
  void aHeaderThatClaimsAnotherNewRootDoesNotProve() {
    var h = rotation.header();
    var forged =
        new io.keystore.state.proof.BatchHeader(
            h.domainSeparator(),
            h.oldRoot(),
            h.oldRoot(),
            h.oldLeafCount(),
            h.newLeafCount(),
            h.time(),
            h.published());
    assertThatThrownBy(
            () ->
                circuit.prove(
                    BatchWitness.forced(forged, rotation.slots()).toBytes().toArrayUnsafe()))
        .isInstanceOf(NativeProverException.class)
        .hasMessageContaining("does not satisfy circuit batch-1");
  }

  /** The rotation's slot with another transaction in it, which the state transition rejects. */
  private static void assertForcedSlotDoesNotProve(Transaction tx) {
    assertThat(state.apply(tx, T0 + 120).isApplied())
        .as("the state transition rejects it")
        .isFalse();
    var slot = BatchWitness.slot(tx, applied.previousConfig(), false, applied.witness());
    BatchWitness forced = BatchWitness.forced(rotation.header(), List.of(slot));
    assertThatThrownBy(() -> circuit.prove(forced.toBytes().toArrayUnsafe()))
        .isInstanceOf(NativeProverException.class)
        .hasMessageContaining("does not satisfy circuit batch-1");
  }
}
