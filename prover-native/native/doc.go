// Command prover-native is the keystore prover as a C shared library
// (go build -buildmode=c-shared), loaded by the JVM through JNA.
//
// # C ABI (version 3, ksp_abi_version)
//
// Every exported function:
//   - takes byte buffers as (pointer, length); nothing the caller passes is
//     retained after return;
//   - returns 0 (OK) on success, or a non-zero status: 1 INVALID_INPUT (the
//     caller's fault: sizes, encodings, an unsatisfied witness, an unknown
//     circuit or handle), 2 INTERNAL_ERROR (a failure or panic inside), 3
//     PROOF_REJECTED (ksp_verify only); and, through err_out, an error string
//     the library allocated (malloc) that the caller frees with ksp_free;
//     err_out may be NULL when the caller does not want it;
//   - recovers from every Go panic and turns it into an error status, so a bug
//     never takes the JVM down.
//
// Memory the library hands out (error strings, proofs, public inputs,
// Solidity sources) is malloc'ed and freed by the caller with ksp_free;
// ksp_memory_stats counts what is still out, and the circuit handles still
// loaded.
//
// # Proving
//
//	ksp_circuit_load(name, cache_dir, &handle, &err)   compile, load or set up keys
//	ksp_circuit_info(handle, int64[4], &err)           public inputs, proof bytes, constraints, commitments
//	ksp_prove(handle, witness, len, &proof, &proof_len, &public, &public_len, &err)
//	ksp_solve(handle, witness, len, &err)              0 satisfied, 1 with the reason
//	ksp_verify(handle, proof, len, public, len, &err)  0 valid, 3 rejected
//	ksp_export_solidity(handle, contract_name, &source, &err)
//	ksp_circuit_free(handle, &err)
//	ksp_set_progress_callback(fn)                      fn(circuit, phase, elapsed_ms)
//
// Handles are counters in a Go map, not pointers: a freed or made-up handle
// is INVALID_INPUT, never a use after free, and a proof running while its
// handle is freed completes. The progress callback is global, set once; it
// runs on the thread that made the call, for each phase as it ends (compile,
// hash, load or setup and store; witness, prove). Proofs use the Solidity
// verifier's form and its keccak256 commitment hash (see keystore-circuits/prover).
//
// # Concurrency and signals
//
// Every function is safe to call from many threads at once: no global mutable
// state is touched without a lock, and proofs on one handle run in parallel
// (each uses all cores; gnark parallelises inside). The Go runtime runs
// inside the JVM process; see prover-native/README.md for the signal-handling
// arrangement (the JVM's libjsig chaining) and why it is needed.
//
// # Costs
//
// A call crosses JNA and cgo (~1 µs); batch entry points amortise that
// crossing over many hashes. ksp_circuit_load compiles the circuit every time
// (its hash names the key cache) and, on a cache miss, runs the development
// setup: seconds for the test circuit, minutes for a batch circuit. Proving
// costs are in keystore-circuits/prover's doc.
package main
