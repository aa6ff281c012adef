package io.keystore.prover;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;

/**
 * The C ABI of the Go shared library, as JNA maps it. One method per exported function of
 * {@code prover-native/native}; see its {@code doc.go} for the ownership rules. Callers go through
 * {@link NativeProver}, never through this interface directly.
 */
interface NativeProverLibrary extends Library {

  /** The library name: JNA finds {@code <platform>/libkeystore_prover.so} on the classpath. */
  String NAME = "keystore_prover";

  /** The ABI version this Java code was written against. */
  int ABI_VERSION = 1;

  static NativeProverLibrary load() {
    return Native.load(NAME, NativeProverLibrary.class);
  }

  void ksp_free(Pointer pointer);

  int ksp_abi_version();

  int ksp_poseidon2_compress(byte[] in, long inLength, byte[] out, long outLength, PointerByReference errorOut);

  int ksp_memory_stats(long[] stats, PointerByReference errorOut);

  int ksp_debug_panic(PointerByReference errorOut);
}
