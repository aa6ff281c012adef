package io.keystore.state.bench;

import io.keystore.state.hash.Fr;
import io.keystore.state.hash.Poseidon2;
import java.util.Locale;

/**
 * Measures Poseidon2 compressions per second on one thread and prints JSON lines to stdout: {@code
 * {"metric": "poseidon2_java_hashes_per_s", "value": N, "unit": "hashes/s"}}, then {@code
 * poseidon2_java_sbox_ns}, the time of one S-box (x^5: three Montgomery products) in a chain, which
 * shows how much of a hash is field multiplication (62 S-boxes a hash).
 *
 * <p>Warms up first, then times batches for about three seconds. Each output feeds the next input,
 * so the work cannot be optimised away. Progress goes to stderr only. Optional arguments: warm-up
 * seconds, measured seconds.
 */
public final class Poseidon2Benchmark {

  private static final int BATCH = 2_000;

  /** S-boxes per call of {@link Poseidon2#sboxChain}: enough to hide its two conversions. */
  private static final int SBOX_CHAIN = 10_000;

  /** S-boxes in one hash: both lanes in a full round, lane 0 in a partial one. */
  private static final int SBOXES_PER_HASH =
      Poseidon2.WIDTH * Poseidon2.FULL_ROUNDS + Poseidon2.PARTIAL_ROUNDS;

  private Poseidon2Benchmark() {}

  public static void main(String[] args) {
    double warmupSeconds = args.length > 0 ? Double.parseDouble(args[0]) : 3.0;
    double measureSeconds = args.length > 1 ? Double.parseDouble(args[1]) : 3.0;

    Fr[] state = {Fr.of(1), Fr.of(2)};
    run(state, warmupSeconds);
    long start = System.nanoTime();
    long hashes = run(state, measureSeconds);
    double elapsed = (System.nanoTime() - start) / 1e9;
    double perSecond = hashes / elapsed;

    System.err.printf(
        Locale.ROOT,
        "poseidon2: %d compressions in %.3f s on one thread (%.0f ns each); last output %s%n",
        hashes,
        elapsed,
        1e9 / perSecond,
        state[0]);
    System.out.printf(
        Locale.ROOT,
        "{\"metric\": \"poseidon2_java_hashes_per_s\", \"value\": %.0f, \"unit\": \"hashes/s\"}%n",
        perSecond);

    Fr[] sbox = {Fr.of(3)};
    runSboxes(sbox, warmupSeconds / 3);
    start = System.nanoTime();
    long sboxes = runSboxes(sbox, measureSeconds / 3);
    double nsPerSbox = (System.nanoTime() - start) / (double) sboxes;
    System.err.printf(
        Locale.ROOT,
        "poseidon2: %d S-boxes in a chain, %.1f ns each (%d a hash: %.0f ns); last output %s%n",
        sboxes,
        nsPerSbox,
        SBOXES_PER_HASH,
        SBOXES_PER_HASH * nsPerSbox,
        sbox[0]);
    System.out.printf(
        Locale.ROOT,
        "{\"metric\": \"poseidon2_java_sbox_ns\", \"value\": %.1f, \"unit\": \"ns\"}%n",
        nsPerSbox);
  }

  /** S-boxes in a chain for about {@code seconds}; returns how many. */
  private static long runSboxes(Fr[] state, double seconds) {
    long deadline = System.nanoTime() + (long) (seconds * 1e9);
    long count = 0;
    do {
      state[0] = Poseidon2.sboxChain(state[0], SBOX_CHAIN);
      count += SBOX_CHAIN;
    } while (System.nanoTime() < deadline);
    return count;
  }

  /** Compresses in a chain for about {@code seconds}; returns the number of compressions. */
  private static long run(Fr[] state, double seconds) {
    long deadline = System.nanoTime() + (long) (seconds * 1e9);
    long count = 0;
    Fr left = state[0];
    Fr right = state[1];
    do {
      for (int i = 0; i < BATCH; i++) {
        Fr out = Poseidon2.compress(left, right);
        left = right;
        right = out;
      }
      count += BATCH;
    } while (System.nanoTime() < deadline);
    state[0] = left;
    state[1] = right;
    return count;
  }
}
