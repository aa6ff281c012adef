package io.keystore.l1;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Hash;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * RollupDeployment sets the aggregation verifier, and the proven aggregates of the fixtures land
 * through {@link AggregatedSubmission}'s calldata; an altered one does not.
 */
class AggregatedSubmissionOnAnvilTest {

  @Test
  void theCalldataCallsTheContractsFunction() {
    String selector = Hash.sha3String(AggregatedSubmission.SIGNATURE).substring(0, 10);
    List<AggregatedSubmission.Batch> batches =
        List.of(new AggregatedSubmission.Batch(1, new byte[32], 2, 3, 0, new byte[52]));
    assertThat(AggregatedSubmission.encode(batches, new byte[0])).startsWith(selector);
  }

  @Test
  void theDeploymentAcceptsAProvenAggregate() throws Exception {
    AggregatedOnAnvil.Fixture f = AggregatedOnAnvil.Fixture.read(2);
    try (AggregatedOnAnvil l1 = AggregatedOnAnvil.start()) {
      assertThat(l1.rollup.aggregationVerifier().send()).isNotEqualTo("0x" + "0".repeat(40));
      // a verifier per exported batch circuit, under its circuit id (batch-1: 1, batch-1-p256:
      // 257, batch-1-webauthn: 513), and none for a circuit the build does not export (batch-4)
      for (RollupDeployment.LeafVerifier leaf : RollupDeployment.LEAF_VERIFIERS) {
        assertThat(l1.rollup.verifiers(BigInteger.valueOf(leaf.circuit().id())).send())
            .as(leaf.contract())
            .isNotEqualTo("0x" + "0".repeat(40));
      }
      for (int circuit : List.of(1, 257, 513)) {
        assertThat(l1.rollup.verifiers(BigInteger.valueOf(circuit)).send())
            .as("circuit %d", circuit)
            .isNotEqualTo("0x" + "0".repeat(40));
      }
      assertThat(l1.rollup.verifiers(BigInteger.valueOf(4)).send())
          .isEqualTo("0x" + "0".repeat(40));
      l1.queueForced(f);
      List<AggregatedSubmission.Batch> altered = new ArrayList<>(f.batches());
      AggregatedSubmission.Batch last = altered.get(1);
      byte[] updates = last.updates().clone();
      updates[0] ^= 1;
      altered.set(
          1,
          new AggregatedSubmission.Batch(
              last.circuit(),
              last.newRoot(),
              last.newLeafCount(),
              last.batchTime(),
              last.forcedCount(),
              updates));
      assertThat(l1.submit(altered, f.proof()).isStatusOK()).isFalse();

      TransactionReceipt receipt = l1.submit(f.batches(), f.proof());
      assertThat(receipt.isStatusOK()).isTrue();
      assertThat(l1.rollup.batchCount().send()).isEqualTo(BigInteger.TWO);
      assertThat(Bytes.wrap(l1.rollup.latestRoot().send()))
          .isEqualTo(Bytes.wrap(f.batches().get(1).newRoot()));
      // one BatchSubmitted per batch, ForcedTxsIncluded, AggregateSubmitted
      assertThat(receipt.getLogs()).hasSize(4);
    }
  }
}
