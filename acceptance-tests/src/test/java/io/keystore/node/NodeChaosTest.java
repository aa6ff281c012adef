package io.keystore.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link NodeChaos} inside {@code ./test}: ten SIGKILLs over every stage of the pipeline (the
 * longer run is {@code ./bench node}, with {@code BENCH_NODE_MODES=chaos}).
 */
class NodeChaosTest {

  @TempDir Path dir;

  @Test
  void tenKillsAtRandomMomentsOfEveryStageLoseForkAndRepeatNothing() throws Exception {
    NodeChaos.Figures f =
        new NodeChaos(Integer.getInteger("chaos.kills", 10), dir, 20261207L).run();
    f.jsonLines().forEach(System.out::println);

    assertThat(f.kills()).isGreaterThanOrEqualTo(10);
    assertThat(f.killsByStage()).containsKeys(NodeChaos.Stage.values());
    assertThat(f.acknowledged()).as("transactions acknowledged under chaos").isPositive();
    assertThat(f.lost()).as("acknowledged transactions not finalised").isZero();
    assertThat(f.duplicated()).as("batches or transactions applied twice").isZero();
    assertThat(f.forks())
        .as("restarts whose records disagreed, or a final root other than L1's")
        .isZero();
    assertThat(f.maxRevertsPerBatch())
        .as("reverted submissions of one batch")
        .isLessThanOrEqualTo(1);
  }
}
