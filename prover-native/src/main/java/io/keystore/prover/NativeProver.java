package io.keystore.prover;

import com.sun.jna.ptr.LongByReference;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.apache.tuweni.bytes.Bytes32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Java API of the native prover. The Go shared library is loaded once per JVM from the
 * classpath (it ships inside this module's jar). Every method is safe to call from many threads at
 * once.
 */
public final class NativeProver {

  private static final Logger LOG = LoggerFactory.getLogger(NativeProver.class);
  private static final int FIELD_BYTES = 32;
  private static final Duration SLOW_PHASE = Duration.ofSeconds(1);

  private final NativeProverLibrary library;
  private final NativeCalls calls;
  private final List<ProgressListener> listeners = new CopyOnWriteArrayList<>();
  // Held for the life of the JVM: the library keeps a pointer to it.
  private final NativeProverLibrary.ProgressCallback progressCallback = this::onProgress;

  private NativeProver(NativeProverLibrary library) {
    this.library = library;
    this.calls = new NativeCalls(library);
  }

  /** Loads the shared library, checking that its ABI is the one this code speaks. */
  public static NativeProver load() {
    return Holder.INSTANCE;
  }

  private static final class Holder {
    private static final NativeProver INSTANCE = create();

    private static NativeProver create() {
      NativeProverLibrary library = NativeProverLibrary.load();
      int abi = library.ksp_abi_version();
      if (abi != NativeProverLibrary.ABI_VERSION) {
        throw new IllegalStateException(
            "native prover ABI "
                + abi
                + " found, "
                + NativeProverLibrary.ABI_VERSION
                + " expected: rebuild prover-native");
      }
      LOG.debug("native prover loaded, ABI {}", abi);
      NativeProver prover = new NativeProver(library);
      library.ksp_set_progress_callback(prover.progressCallback);
      return prover;
    }
  }

  /**
   * Loads a registered circuit with its keys from {@code cacheDir}, running the development setup
   * (deterministic, UNSAFE FOR PRODUCTION) when they are not cached there yet. Compiling the
   * circuit takes seconds for the batch circuits; the setup, minutes.
   *
   * @param name the registered circuit name, e.g. {@code test-poseidon2}
   * @param cacheDir the key cache root; keys go to {@code <cacheDir>/keys/<name>-<hash>-gnark-<v>/}
   * @throws NativeProverException with {@link NativeStatus#INVALID_INPUT} for an unknown circuit
   */
  public ProvingCircuit loadCircuit(String name, Path cacheDir) {
    return loadCircuit(name, Optional.of(cacheDir));
  }

  /**
   * {@link #loadCircuit(String, Path)} with the default cache, {@code
   * ${KEYSTORE_CACHE:-~/.cache/keystore-rollup}}.
   */
  public ProvingCircuit loadCircuit(String name) {
    return loadCircuit(name, Optional.empty());
  }

  private ProvingCircuit loadCircuit(String name, Optional<Path> cacheDir) {
    LongByReference handle = new LongByReference();
    String dir = cacheDir.map(path -> path.toAbsolutePath().toString()).orElse(null);
    calls.check(error -> library.ksp_circuit_load(name, dir, handle, error));
    long[] info = new long[4];
    try {
      calls.check(error -> library.ksp_circuit_info(handle.getValue(), info, error));
    } catch (RuntimeException e) {
      calls.check(error -> library.ksp_circuit_free(handle.getValue(), error));
      throw e;
    }
    ProvingCircuit.Shape shape =
        new ProvingCircuit.Shape(
            Math.toIntExact(info[0]), Math.toIntExact(info[1]), info[2], Math.toIntExact(info[3]));
    LOG.warn(
        "circuit {} uses keys from the development setup: UNSAFE FOR PRODUCTION (the toxic waste is public)",
        name);
    LOG.info(
        "circuit {} loaded: {} constraints, {} public inputs, {} commitments",
        name,
        shape.constraints(),
        shape.publicInputs(),
        shape.commitments());
    return new ProvingCircuit(calls, handle.getValue(), name, shape, this::onMemory);
  }

  /** Also sends every phase of every load and proof to {@code listener}. */
  public void addProgressListener(ProgressListener listener) {
    listeners.add(listener);
  }

  public void removeProgressListener(ProgressListener listener) {
    listeners.remove(listener);
  }

  private void onProgress(String circuit, String phase, double elapsedMillis) {
    try {
      Duration elapsed = Duration.ofNanos(Math.round(elapsedMillis * 1_000_000));
      if (elapsed.compareTo(SLOW_PHASE) >= 0) {
        LOG.info("{}: {} took {} ms", circuit, phase, String.format("%.1f", elapsedMillis));
      } else {
        LOG.debug("{}: {} took {} ms", circuit, phase, String.format("%.3f", elapsedMillis));
      }
      for (ProgressListener listener : listeners) {
        listener.onPhase(circuit, phase, elapsed);
      }
    } catch (RuntimeException e) {
      // never let an exception unwind into native code
      LOG.warn("progress listener failed", e);
    }
  }

  private void onMemory(String circuit, ProofMemory memory, Duration proofTime) {
    try {
      if (proofTime.compareTo(SLOW_PHASE) >= 0) {
        LOG.info("{}: memory: {}", circuit, memory);
      } else {
        LOG.debug("{}: memory: {}", circuit, memory);
      }
      for (ProgressListener listener : listeners) {
        listener.onMemory(circuit, memory);
      }
    } catch (RuntimeException e) {
      LOG.warn("progress listener failed", e);
    }
  }

  /** Poseidon2 compression (docs/spec/hashing.md) computed by gnark-crypto in Go. */
  public Bytes32 poseidon2Compress(Bytes32 left, Bytes32 right) {
    return poseidon2CompressAll(List.of(left), List.of(right)).getFirst();
  }

  /**
   * Compresses {@code lefts[i]} with {@code rights[i]} for every i, in one native call.
   *
   * @throws NativeProverException with {@link NativeStatus#INVALID_INPUT} if an input is not a
   *     canonical field element
   */
  public List<Bytes32> poseidon2CompressAll(List<Bytes32> lefts, List<Bytes32> rights) {
    if (lefts.size() != rights.size() || lefts.isEmpty()) {
      throw new IllegalArgumentException("need as many lefts as rights, at least one");
    }
    int pairs = lefts.size();
    byte[] in = new byte[2 * FIELD_BYTES * pairs];
    for (int i = 0; i < pairs; i++) {
      System.arraycopy(lefts.get(i).toArrayUnsafe(), 0, in, 2 * FIELD_BYTES * i, FIELD_BYTES);
      System.arraycopy(
          rights.get(i).toArrayUnsafe(), 0, in, 2 * FIELD_BYTES * i + FIELD_BYTES, FIELD_BYTES);
    }
    byte[] out = new byte[FIELD_BYTES * pairs];
    calls.check(error -> library.ksp_poseidon2_compress(in, in.length, out, out.length, error));
    return slices(out, pairs);
  }

  /**
   * The library's memory counters, for leak tests: C allocations handed to Java and not yet freed,
   * the live Go heap after a full collection, and the circuits still loaded.
   */
  public NativeMemoryStats memoryStats() {
    long[] stats = new long[3];
    calls.check(error -> library.ksp_memory_stats(stats, error));
    return new NativeMemoryStats(stats[0], stats[1], stats[2]);
  }

  /** Makes the library panic on purpose; for tests of the panic-to-error path. */
  void debugPanic() {
    calls.check(library::ksp_debug_panic);
  }

  private static List<Bytes32> slices(byte[] out, int count) {
    return IntStream.range(0, count).mapToObj(i -> Bytes32.wrap(out, FIELD_BYTES * i)).toList();
  }
}
