// Command prover-native is the keystore prover as a C shared library
// (go build -buildmode=c-shared), loaded by the JVM through JNA.
//
// # C ABI
//
// Every exported function:
//   - takes byte buffers as (pointer, length) and writes results into buffers
//     the caller owns and sized as documented; nothing is retained after return;
//   - returns 0 on success, or a non-zero status and, through err_out, an error
//     string the library allocated (malloc) that the caller frees with
//     ksp_free; err_out may be NULL when the caller does not want it;
//   - recovers from every Go panic and turns it into an error status, so a bug
//     never takes the JVM down.
//
// # Concurrency and signals
//
// Every function is safe to call from many threads at once: no global mutable
// state is touched without a lock. The Go runtime runs inside the JVM process;
// see prover-native/README.md for the signal-handling arrangement (the JVM's
// libjsig chaining) and why it is needed.
//
// # Costs
//
// A call crosses JNA and cgo (~1 µs); batch entry points amortise that
// crossing over many hashes.
package main
