package io.keystore.prover;

/**
 * Memory the native library holds.
 *
 * @param outstandingAllocations C buffers handed to Java and not yet freed
 * @param goHeapBytes live Go heap after a full garbage collection
 * @param loadedCircuits circuit handles loaded and not yet freed
 */
public record NativeMemoryStats(
    long outstandingAllocations, long goHeapBytes, long loadedCircuits) {}
