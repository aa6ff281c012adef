package io.keystore.node.cluster;

/**
 * The memory a worker needs to prove a circuit, in GB: the measured peak resident set of one proof
 * (docs/benchmarks.md: {@code prove_peak_rss_mb_batch1} 2,464 MB, {@code ..._batch4} 7,600, {@code
 * ..._batch16} 13,944, {@code agg_peak_rss_mb_aggregate2} 15,330), rounded up; the passkey circuits
 * from their size against batch-1's (767,880 and 1,201,574 constraints against 821,048). A worker
 * that declares less ({@code --memory-gb}) is not given the circuit's jobs.
 */
public final class CircuitMemory {

  private CircuitMemory() {}

  /** GB needed for one proof of {@code circuit}; unknown circuits need 16. */
  public static int gigabytes(String circuit) {
    return switch (circuit) {
      case "batch-1", "batch-1-p256" -> 3;
      case "batch-1-webauthn" -> 4;
      case "batch-4" -> 8;
      case "batch-16" -> 14;
      case "aggregate-2" -> 16;
      default -> 16;
    };
  }
}
