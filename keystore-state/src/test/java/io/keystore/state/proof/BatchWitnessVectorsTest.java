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
import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * Writes test-vectors/batch-witness-v1.json: the witness bytes and public input of every batch of
 * {@link BatchScenarios}, which the gnark batch circuit must accept (and, mutated, refuse). Java is
 * the reference; the test fails when the committed file differs from what this code produces.
 * Regenerate with {@code -Dkeystore.regenerateVectors=true}.
 */
class BatchWitnessVectorsTest {

  static final String FILE = "batch-witness-v1.json";

  static String render() throws IOException {
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode root = f.objectNode();
    root.put(
        "description",
        "Batch witnesses in the layout of docs/spec/proof.md, built by the Java reference"
            + " (keystore-state BatchWitnessVectorsTest; regenerate with"
            + " -Dkeystore.regenerateVectors=true). Every batch is valid: the circuit must accept it."
            + " A batch's forced transactions (proof.md §7) are listed in queue order with the"
            + " transaction's encoding and signer key as the L1 queue takes them, their id, and"
            + " their outcome: applied, or the reason of their proven rejection.");
    root.put("domainSeparator", DOMAIN.separator().toHexString());
    ArrayNode batches = root.putArray("batches");
    for (BatchScenarios.Scenario s : BatchScenarios.all()) {
      ObjectNode b = batches.addObject();
      b.put("name", s.name());
      b.put("slots", s.witness().slotCount());
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
