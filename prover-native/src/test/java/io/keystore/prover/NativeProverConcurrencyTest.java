package io.keystore.prover;

import static org.assertj.core.api.Assertions.assertThat;

import io.keystore.state.hash.Poseidon2;
import io.keystore.state.hash.Poseidon2Vectors;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.Test;

/**
 * The JVM and the Go runtime in one process: many Java threads call into Go at once while the JVM
 * collects garbage, and nothing crashes, disagrees or leaks.
 */
class NativeProverConcurrencyTest {

  private static final int THREADS = 8;
  private static final int CALLS_PER_THREAD = 2_000;
  private static final Bytes32 MODULUS =
      Bytes32.fromHexString("0x30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f0000001");

  private final NativeProver prover = NativeProver.load();
  private final List<Poseidon2Vectors.Compress> vectors = Poseidon2Vectors.load().compress();

  @Test
  void manyJavaThreadsAgreeWithJavaAndTheVectorsWhileTheJvmCollectsGarbage() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int seed = t;
        results.add(pool.submit(() -> hashAndCompare(seed)));
      }
      Thread garbage = Thread.ofPlatform().start(NativeProverConcurrencyTest::churnGarbage);
      int checked = 0;
      for (Future<Integer> result : results) {
        checked += result.get(5, TimeUnit.MINUTES);
      }
      garbage.interrupt();
      garbage.join();
      assertThat(checked).isEqualTo(THREADS * CALLS_PER_THREAD);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void tensOfThousandsOfCallsLeaveNoCAllocationAndNoGoHeapBehind() {
    callMany(2_000); // warm up: the Go heap and JNA's caches reach their steady size
    NativeMemoryStats before = prover.memoryStats();
    callMany(50_000);
    NativeMemoryStats after = prover.memoryStats();

    // half the calls fail, and each failure hands Java a C string that Java must free
    assertThat(after.outstandingAllocations()).isZero();
    assertThat(after.goHeapBytes() - before.goHeapBytes())
        .as("live Go heap growth in bytes")
        .isLessThan(256 * 1024);
  }

  private int hashAndCompare(int seed) {
    Bytes32 left = vectors.get(seed).left();
    Bytes32 right = vectors.get(seed).right();
    for (int i = 0; i < CALLS_PER_THREAD; i++) {
      Poseidon2Vectors.Compress v = vectors.get((seed + i) % vectors.size());
      assertThat(prover.poseidon2Compress(v.left(), v.right())).isEqualTo(v.out());
      Bytes32 chained = prover.poseidon2Compress(left, right);
      assertThat(chained).isEqualTo(Poseidon2.compress(left, right));
      left = right;
      right = chained;
    }
    return CALLS_PER_THREAD;
  }

  private void callMany(int calls) {
    Poseidon2Vectors.Compress v = vectors.getFirst();
    for (int i = 0; i < calls; i++) {
      if (i % 2 == 0) {
        prover.poseidon2Compress(v.left(), v.right());
      } else {
        try {
          prover.poseidon2Compress(MODULUS, v.right());
        } catch (NativeProverException expected) {
          // the error string was allocated in C and freed by NativeProver
        }
      }
    }
  }

  private static void churnGarbage() {
    long sink = 0;
    while (!Thread.currentThread().isInterrupted()) {
      byte[][] chunk = new byte[256][];
      for (int i = 0; i < chunk.length; i++) {
        chunk[i] = new byte[4096];
      }
      sink += chunk[chunk.length - 1].length;
      if (sink % (64L << 20) == 0) {
        System.gc();
      }
    }
  }
}
