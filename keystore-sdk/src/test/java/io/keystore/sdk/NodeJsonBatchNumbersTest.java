package io.keystore.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * A receipt's node batch is what getBatch takes; its state batch is what At takes; old nodes still
 * parse.
 */
class NodeJsonBatchNumbersTest {

  private static final String HASH = "0x" + "11".repeat(32);
  private static final String ROOT = "0x" + "22".repeat(32);

  private static JsonNode json(String s) throws Exception {
    return new ObjectMapper().readTree(s);
  }

  @Test
  @SuppressWarnings("deprecation")
  void aReceiptNamesItsNodeBatchAndStateBatch() throws Exception {
    Receipt r =
        NodeJson.receipt(
            json(
                """
        {"transactionHash":"%s","status":"finalised","batch":7,"nodeBatch":7,"stateBatch":6,"newRoot":"%s"}
        """
                    .formatted(HASH, ROOT)));
    assertThat(r.status()).isEqualTo(TxStatus.FINALISED);
    assertThat(r.nodeBatch()).isEqualTo(OptionalLong.of(7));
    assertThat(r.stateBatch()).isEqualTo(OptionalLong.of(6));
    assertThat(r.batch()).isEqualTo(r.nodeBatch());
  }

  @Test
  void aReceiptOfANodeThatWritesOnlyBatchStillHasItsNodeBatch() throws Exception {
    Receipt r =
        NodeJson.receipt(
            json(
                """
        {"transactionHash":"%s","status":"rejected","reason":"BAD_NONCE","batch":3}
        """
                    .formatted(HASH)));
    assertThat(r.nodeBatch()).isEqualTo(OptionalLong.of(3));
    assertThat(r.stateBatch()).isEmpty();
  }

  @Test
  @SuppressWarnings("deprecation")
  void aBatchNamesItsNodeBatchAndStateBatchAndOldNodesStillParse() throws Exception {
    String common =
        "\"status\":\"proven\",\"time\":5,\"slots\":4,\"oldLeafCount\":1,\"newLeafCount\":2";
    BatchInfo now =
        NodeJson.batch(json("{\"id\":7,\"nodeBatch\":7,\"stateBatch\":6," + common + "}"));
    assertThat(now.nodeBatch()).isEqualTo(7);
    assertThat(now.id()).isEqualTo(7);
    assertThat(now.stateBatch()).isEqualTo(OptionalLong.of(6));
    BatchInfo old = NodeJson.batch(json("{\"id\":7," + common + "}"));
    assertThat(old.nodeBatch()).isEqualTo(7);
    assertThat(old.stateBatch()).isEmpty();
  }
}
