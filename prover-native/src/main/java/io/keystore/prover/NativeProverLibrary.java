package io.keystore.prover;

import com.sun.jna.Callback;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;

/**
 * The C ABI of the Go shared library, as JNA maps it. One method per exported function of {@code
 * prover-native/native}; see its {@code doc.go} for the ownership rules. Callers go through {@link
 * NativeProver} and {@link ProvingCircuit}, never through this interface directly.
 */
interface NativeProverLibrary extends Library {

  /** The library name: JNA finds {@code <platform>/libkeystore_prover.so} on the classpath. */
  String NAME = "keystore_prover";

  /** The ABI version this Java code was written against. */
  int ABI_VERSION = 4;

  static NativeProverLibrary load() {
    return Native.load(NAME, NativeProverLibrary.class);
  }

  /** {@code ksp_progress_fn}: a phase of a load or a proof ended. */
  interface ProgressCallback extends Callback {
    void invoke(String circuit, String phase, double elapsedMillis);
  }

  void ksp_free(Pointer pointer);

  int ksp_abi_version();

  int ksp_poseidon2_compress(
      byte[] in, long inLength, byte[] out, long outLength, PointerByReference errorOut);

  int ksp_memory_stats(long[] stats, PointerByReference errorOut);

  int ksp_debug_panic(PointerByReference errorOut);

  void ksp_set_progress_callback(ProgressCallback callback);

  int ksp_circuit_load(
      String name, String cacheDir, LongByReference handleOut, PointerByReference errorOut);

  int ksp_circuit_free(long handle, PointerByReference errorOut);

  int ksp_circuit_info(long handle, long[] info, PointerByReference errorOut);

  int ksp_circuit_key_hash(long handle, byte[] out, long outLength, PointerByReference errorOut);

  int ksp_prove(
      long handle,
      int target,
      byte[] witness,
      long witnessLength,
      PointerByReference proofOut,
      LongByReference proofLength,
      PointerByReference publicOut,
      LongByReference publicLength,
      long[] memoryOut,
      PointerByReference errorOut);

  int ksp_solve(long handle, byte[] witness, long witnessLength, PointerByReference errorOut);

  int ksp_verify(
      long handle,
      int target,
      byte[] proof,
      long proofLength,
      byte[] publicInputs,
      long publicLength,
      PointerByReference errorOut);

  int ksp_export_solidity(
      long handle, String contractName, PointerByReference sourceOut, PointerByReference errorOut);
}
