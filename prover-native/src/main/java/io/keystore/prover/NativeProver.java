package io.keystore.prover;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import java.util.List;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.apache.tuweni.bytes.Bytes32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Java API of the native prover. The Go shared library is loaded once per JVM from the
 * classpath (it ships inside this module's jar). Every method is safe to call from many threads
 * at once.
 */
public final class NativeProver {

  private static final Logger LOG = LoggerFactory.getLogger(NativeProver.class);
  private static final int FIELD_BYTES = 32;

  private final NativeProverLibrary library;

  private NativeProver(NativeProverLibrary library) {
    this.library = library;
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
            "native prover ABI " + abi + " found, " + NativeProverLibrary.ABI_VERSION + " expected: rebuild prover-native");
      }
      LOG.debug("native prover loaded, ABI {}", abi);
      return new NativeProver(library);
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
      System.arraycopy(rights.get(i).toArrayUnsafe(), 0, in, 2 * FIELD_BYTES * i + FIELD_BYTES, FIELD_BYTES);
    }
    byte[] out = new byte[FIELD_BYTES * pairs];
    check(error -> library.ksp_poseidon2_compress(in, in.length, out, out.length, error));
    return slices(out, pairs);
  }

  /**
   * The library's memory counters, for leak tests: C allocations handed to Java and not yet
   * freed, and the live Go heap after a full collection.
   */
  public NativeMemoryStats memoryStats() {
    long[] stats = new long[2];
    check(error -> library.ksp_memory_stats(stats, error));
    return new NativeMemoryStats(stats[0], stats[1]);
  }

  /** Makes the library panic on purpose; for tests of the panic-to-error path. */
  void debugPanic() {
    check(library::ksp_debug_panic);
  }

  private void check(Function<PointerByReference, Integer> call) {
    PointerByReference error = new PointerByReference();
    NativeStatus status = NativeStatus.of(call.apply(error));
    if (status != NativeStatus.OK) {
      throw new NativeProverException(status, takeError(error));
    }
  }

  private String takeError(PointerByReference error) {
    Pointer pointer = error.getValue();
    if (pointer == null) {
      return "native prover failed without an error message";
    }
    try {
      return pointer.getString(0);
    } finally {
      library.ksp_free(pointer);
    }
  }

  private static List<Bytes32> slices(byte[] out, int count) {
    return IntStream.range(0, count).mapToObj(i -> Bytes32.wrap(out, FIELD_BYTES * i)).toList();
  }
}
