package io.keystore.state.proof;

import static io.keystore.state.testing.Fixtures.DOMAIN;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keystore.state.api.TxOutcome;
import io.keystore.state.testing.VectorFiles;
import io.keystore.state.tx.ForcedTransaction;
import io.keystore.state.tx.TxCodec;
import io.keystore.state.tx.TxType;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Writes test-vectors/batch-witness-v1.json: the witness bytes and public input of every batch of
 * {@link BatchScenarios}, which the gnark batch circuit must accept (and, mutated, refuse); and
 * test-vectors/batch-witness-passkeys-v1.json, the batches of {@link PasskeyBatchScenarios}, each
 * with the leaf circuit of its signers' scheme (docs/spec/proof.md §9) that must accept it. Java is
 * the reference; the tests fail when a committed file differs from what this code produces.
 * Regenerate with {@code -Dkeystore.regenerateVectors=true}.
 */
class BatchWitnessVectorsTest {

  static final String FILE = "batch-witness-v1.json";

  static final String PASSKEYS_FILE = "batch-witness-passkeys-v1.json";

  static String render() throws IOException {
    return render(
        "Batch witnesses in the layout of docs/spec/proof.md, built by the Java reference"
            + " (keystore-state BatchWitnessVectorsTest; regenerate with"
            + " -Dkeystore.regenerateVectors=true). Every batch is valid: the circuit must accept it."
            + " A batch's forced transactions (proof.md §7) are listed in queue order with the"
            + " transaction's encoding and signer key as the L1 queue takes them, their id, and"
            + " their outcome: applied, or the reason of their proven rejection.",
        BatchScenarios.all(),
        false);
  }

  static String renderPasskeys() throws IOException {
    return render(
        "Batch witnesses whose signers hold P-256 (scheme 2) and WebAuthn (scheme 3) keys, each"
            + " for the leaf circuit of its signers' scheme (docs/spec/proof.md §9): circuit names"
            + " it (batch-1, batch-1-p256, batch-1-webauthn), circuitId is its L1 verifier's id"
            + " (slots + 256·(scheme − 1)) and scheme the signers' scheme (an unsigned batch names"
            + " the circuit it is meant for). A WebAuthn slot has 632 elements: the 118 of §2.2,"
            + " the lengths of authenticatorData and clientDataJSON, then their bytes, zero-padded"
            + " to 128 and 384. The batches chain from genesis on their own state, one slot each."
            + " Built by the Java reference (keystore-state BatchWitnessVectorsTest,"
            + " PasskeyBatchScenarios; regenerate with -Dkeystore.regenerateVectors=true). Every"
            + " batch is valid: its circuit must accept it. Forced transactions as in"
            + " batch-witness-v1.json.",
        PasskeyBatchScenarios.all(),
        true);
  }

  static String render(
      String description, List<BatchScenarios.Scenario> scenarios, boolean circuits)
      throws IOException {
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode root = f.objectNode();
    root.put("description", description);
    root.put("domainSeparator", DOMAIN.separator().toHexString());
    ArrayNode batches = root.putArray("batches");
    for (BatchScenarios.Scenario s : scenarios) {
      ObjectNode b = batches.addObject();
      b.put("name", s.name());
      b.put("slots", s.witness().slotCount());
      if (circuits) {
        b.put("scheme", s.witness().circuit().scheme());
        b.put("circuit", s.witness().circuit().name());
        b.put("circuitId", s.witness().circuit().id());
      }
      ArrayNode types = b.putArray("types");
      s.result().proven().forEach(o -> types.add(o.tx().type().code()));
      b.put("rejected", s.result().rejected().size());
      if (!s.result().forced().isEmpty()) {
        ArrayNode forced = b.putArray("forced");
        for (int i = 0; i < s.result().forced().size(); i++) {
          ForcedTransaction ft = s.result().forced().get(i);
          ObjectNode e = forced.addObject();
          e.put("tx", TxCodec.encode(ft.tx()).toHexString());
          e.put("signerKey", ft.signerKeyBytes().toHexString());
          e.put("forceId", ft.forceId().toHexString());
          e.put(
              "outcome",
              s.result().outcomes().get(i) instanceof TxOutcome.ForcedRejected r
                  ? r.reason().name()
                  : "APPLIED");
        }
      }
      b.put("publicInput", s.witness().publicInput().toHexString());
      b.put("witness", s.witness().toBytes().toHexString());
    }
    return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root)
        + "\n";
  }

  @Test
  void committedVectorsMatchTheReference() throws IOException {
    VectorFiles.assertCommittedMatches(FILE, render());
  }

  @Test
  void committedPasskeyVectorsMatchTheReference() throws IOException {
    VectorFiles.assertCommittedMatches(PASSKEYS_FILE, renderPasskeys());
  }

  @Test
  void passkeyScenariosCoverEverySignedTypeInBothPasskeyCircuitsAndEveryCircuitOfSize1() {
    var all = PasskeyBatchScenarios.all();
    for (BatchCircuit c : List.of(BatchCircuit.BATCH_1_P256, BatchCircuit.BATCH_1_WEBAUTHN)) {
      assertThat(
              all.stream()
                  .filter(s -> s.witness().circuit().equals(c))
                  .flatMap(s -> s.result().applied().stream())
                  .map(a -> a.tx().type()))
          .as(c.name())
          .contains(TxType.UPDATE_CONFIG, TxType.APPROVE_RECOVERY, TxType.CANCEL_RECOVERY);
    }
    assertThat(
            all.stream()
                .filter(s -> s.witness().circuit().equals(BatchCircuit.BATCH_1_WEBAUTHN))
                .flatMap(s -> s.result().proven().stream())
                .map(o -> o.tx().type()))
        .contains(TxType.FINALISE_RECOVERY);
    assertThat(all.stream().map(s -> s.witness().circuit()).distinct())
        .containsExactlyInAnyOrder(
            BatchCircuit.BATCH_1, BatchCircuit.BATCH_1_P256, BatchCircuit.BATCH_1_WEBAUTHN);
    for (BatchScenarios.Scenario s : all) {
      assertThat(s.witness().toBytes().size())
          .as(s.name())
          .isEqualTo(s.witness().circuit().witnessBytes());
    }
  }

  @Test
  void scenariosCoverEveryTransactionTypeAndBothTreeWrites() {
    var all = BatchScenarios.all();
    assertThat(all.stream().flatMap(s -> s.result().applied().stream()).map(a -> a.tx().type()))
        .containsAll(java.util.EnumSet.allOf(io.keystore.state.tx.TxType.class));
    assertThat(
            all.stream()
                .flatMap(s -> s.result().applied().stream())
                .map(TxOutcome.Applied::created))
        .contains(true, false);
  }
}
