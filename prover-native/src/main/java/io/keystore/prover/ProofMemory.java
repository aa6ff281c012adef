package io.keystore.prover;

/**
 * Memory one proof took, as the native library measured it (reported to {@link
 * ProgressListener#onMemory} and logged after each proof). Both figures are the process's: proofs
 * running at the same time share the heap, and the peak RSS covers the JVM too.
 *
 * @param goHeapPeakBytes the highest Go heap in use (runtime.MemStats HeapInuse) sampled every 100
 *     ms while the proof ran, and at its end; it counts spans in use, not resident pages, so it can
 *     exceed the peak RSS a little
 * @param processPeakRssBytes the process's peak resident set size since it started (VmHWM of
 *     /proc/self/status) when the proof ended; 0 where /proc is not available
 */
public record ProofMemory(long goHeapPeakBytes, long processPeakRssBytes) {

  @Override
  public String toString() {
    return String.format(
        "Go heap peak %d MiB, process peak RSS %d MiB",
        goHeapPeakBytes >> 20, processPeakRssBytes >> 20);
  }
}
