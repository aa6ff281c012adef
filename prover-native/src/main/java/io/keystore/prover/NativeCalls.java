package io.keystore.prover;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import java.util.function.Function;

/** Status checking and the freeing of library-allocated memory, shared by the API classes. */
final class NativeCalls {

  private final NativeProverLibrary library;

  NativeCalls(NativeProverLibrary library) {
    this.library = library;
  }

  NativeProverLibrary library() {
    return library;
  }

  /** Runs a call that takes an error out-pointer, turning a non-OK status into an exception. */
  void check(Function<PointerByReference, Integer> call) {
    PointerByReference error = new PointerByReference();
    NativeStatus status = NativeStatus.of(call.apply(error));
    if (status != NativeStatus.OK) {
      throw new NativeProverException(
          status, takeString(error.getValue(), "native prover failed without an error message"));
    }
  }

  /** Copies and frees a NUL-terminated string the library allocated. */
  String takeString(Pointer pointer, String ifNull) {
    if (pointer == null) {
      return ifNull;
    }
    try {
      return pointer.getString(0, "UTF-8");
    } finally {
      library.ksp_free(pointer);
    }
  }

  /** Copies and frees a buffer the library allocated. */
  byte[] takeBytes(Pointer pointer, long length) {
    if (pointer == null) {
      throw new IllegalStateException("native prover returned no buffer");
    }
    try {
      return pointer.getByteArray(0, Math.toIntExact(length));
    } finally {
      library.ksp_free(pointer);
    }
  }
}
