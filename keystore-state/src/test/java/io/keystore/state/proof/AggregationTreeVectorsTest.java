package io.keystore.state.proof;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keystore.state.testing.VectorFiles;
import java.util.ArrayList;
import java.util.List;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.Test;

/**
 * The Java aggregation tree against test-vectors/aggregation-v1.json, which the Go reference
 * (keystore-circuits/cmd/gen-aggregation-vectors) writes and the Go and Solidity suites check too.
 */
class AggregationTreeVectorsTest {

  private static JsonNode vectors() throws Exception {
    return new ObjectMapper().readTree(VectorFiles.path("aggregation-v1.json").toFile());
  }

  private static AggregationTree.Node node(JsonNode n) {
    return new AggregationTree.Node(
        Bytes32.fromHexString(n.get("keyHash").asText()),
        Bytes32.fromHexString(n.get("input").asText()));
  }

  @Test
  void publicInputsOfOneAndTwoEntriesMatchTheVectors() throws Exception {
    JsonNode v = vectors();
    assertThat(v.get("singles")).isNotEmpty();
    for (JsonNode s : v.get("singles")) {
      assertThat(AggregationTree.publicInput(List.of(node(s.get("entry")))))
          .isEqualTo(Bytes32.fromHexString(s.get("publicInput").asText()));
    }
    Bytes32 aggKey =
        Bytes32.fromHexString(v.get("trees").get(0).get("aggregationKeyHash").asText());
    assertThat(v.get("pairs")).isNotEmpty();
    for (JsonNode p : v.get("pairs")) {
      AggregationTree.Node pair =
          AggregationTree.pair(node(p.get("left")), node(p.get("right")), aggKey);
      assertThat(pair.input()).isEqualTo(Bytes32.fromHexString(p.get("publicInput").asText()));
      assertThat(pair.keyHash()).isEqualTo(aggKey);
    }
  }

  @Test
  void treeRootsAndProofCountsMatchTheVectors() throws Exception {
    JsonNode v = vectors();
    assertThat(v.get("trees")).isNotEmpty();
    for (JsonNode t : v.get("trees")) {
      List<AggregationTree.Node> leaves = new ArrayList<>();
      t.get("leaves").forEach(l -> leaves.add(node(l)));
      Bytes32 aggKey = Bytes32.fromHexString(t.get("aggregationKeyHash").asText());
      assertThat(AggregationTree.root(leaves, aggKey).input())
          .as("root of %d leaves", leaves.size())
          .isEqualTo(Bytes32.fromHexString(t.get("publicInput").asText()));
      long proofs =
          AggregationTree.levels(leaves, aggKey).stream()
              .flatMap(List::stream)
              .filter(AggregationTree.Step::paired)
              .count();
      assertThat(proofs).isEqualTo(t.get("proofs").asLong()).isEqualTo(leaves.size() - 1);
    }
  }

  @Test
  void aTreeNeedsTwoLeavesAndAnAggregationAtMostTwoEntries() {
    AggregationTree.Node n = new AggregationTree.Node(Bytes32.ZERO, Bytes32.ZERO);
    assertThatThrownBy(() -> AggregationTree.levels(List.of(n), Bytes32.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> AggregationTree.publicInput(List.of(n, n, n)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> AggregationTree.publicInput(List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
