// Command prover-native is the keystore prover as a C shared library
// (go build -buildmode=c-shared), loaded by the JVM through JNA.
//
// # C ABI (version 4, ksp_abi_version)
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
//	ksp_circuit_key_hash(handle, out, 32, &err)        the verifying key's hash (KEY_HASH)
//	ksp_prove(handle, target, witness, len, &proof, &proof_len, &public, &public_len, int64[2] or NULL, &err)
//	ksp_solve(handle, witness, len, &err)              0 satisfied, 1 with the reason
//	ksp_verify(handle, target, proof, len, public, len, &err)  0 valid, 3 rejected
//	ksp_export_solidity(handle, contract_name, &source, &err)
//	ksp_circuit_free(handle, &err)
//	ksp_set_progress_callback(fn)                      fn(circuit, phase, elapsed_ms)
//
// Handles are counters in a Go map, not pointers: a freed or made-up handle
// is INVALID_INPUT, never a use after free, and a proof running while its
// handle is freed completes. The progress callback is global, set once; it
// runs on the thread that made the call, for each phase as it ends (compile,
// hash, load or setup and store; witness, prove).
//
// Proofs are in the Solidity verifier's form. The target of ksp_prove and
// ksp_verify (0 L1, 1 aggregation; anything else is INVALID_INPUT) chooses
// the hash of the BSB22 commitment's challenge: keccak256 for the exported
// Solidity verifier, gnark's in-circuit hash for a proof an aggregation
// circuit verifies (docs/spec/aggregation.md §6). Each verifier refuses the
// other target's proofs. ksp_circuit_key_hash gives the hash by which an
// aggregation names a verifying key (aggregation.md §2), the KEY_HASH constant
// of the exported verifier.
//
// "aggregate-2" takes the witness bytes of aggregation.md §5; the circuits of
// its inner proofs must have been loaded (ksp_circuit_load) in the process
// before it proves, and an inner proof that does not verify for the
// aggregation target is INVALID_INPUT.
//
// Memory per job: ksp_prove writes, when memory_out is not NULL, the highest
// Go heap in use (runtime.MemStats.HeapInuse, sampled every 100 ms while the
// proof runs and at its end) and the process's peak resident set size
// (VmHWM in /proc/self/status, JVM included, since the process started), in
// bytes. Both are process-wide: proofs that run at the same time share them.
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
