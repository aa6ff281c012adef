package io.keystore.node.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AggregationPolicyTest {

  private final AggregationPolicy upTo8 = new AggregationPolicy(8);

  @Test
  void aBatchProvenWhileNothingElseWaitsGoesToL1Alone() {
    assertThat(upTo8.aggregates(1, 0, 0)).isFalse();
  }

  @Test
  void aBatchWithAnotherBatchOrPendingTransactionsBehindItIsALeaf() {
    assertThat(upTo8.aggregates(2, 0, 0)).isTrue();
    assertThat(upTo8.aggregates(1, 0, 5)).isTrue();
  }

  @Test
  void aBatchAfterALeafWaitingForItsAggregateIsALeafToo() {
    // proven for L1, it would be submitted before the earlier leaves: L1 refuses that order
    assertThat(upTo8.aggregates(1, 1, 0)).isTrue();
  }

  @Test
  void theDirectPolicyNeverAggregates() {
    assertThat(AggregationPolicy.DIRECT.enabled()).isFalse();
    assertThat(AggregationPolicy.DIRECT.aggregates(10, 3, 100)).isFalse();
  }

  @Test
  void sizesOutsideZeroOrTwoToSixtyFourAreRefused() {
    assertThatThrownBy(() -> new AggregationPolicy(-1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new AggregationPolicy(65))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(new AggregationPolicy(1).enabled()).isFalse();
    assertThat(new AggregationPolicy(2).enabled()).isTrue();
  }
}
