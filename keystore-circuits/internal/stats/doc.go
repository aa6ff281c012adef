// Package stats holds the snapshot of the circuits' R1CS constraint counts
// (BN254): constraints.json, one entry per circuit, the one place the counts
// are pinned. The registered circuits are named as in the prover's registry
// ("batch-1", "test-poseidon2"); a gadget measured in a circuit of its own is
// "<package>/<gadget>" ("hashing/Compress", "auth/AssertSignedIf-k3": one
// AssertSignedIf over three words).
//
// Each package's tests compile their circuits anyway, to solve witnesses; they
// compare the counts with [Check] where they compile, so that pinning costs no
// further compilation. This package's own test only checks the file: it
// parses, and every registered circuit has an entry.
//
// A change of a count is a change of the circuit: update constraints.json in
// the same commit, and the documents that quote the figure (they cite this
// file).
//
// Costs: [Check] reads an embedded file; nothing here compiles a circuit.
//
// Caveats:
//   - batch-16 (about 8.6 million constraints) is checked only when the batch
//     tests compile it, with KEYSTORE_LARGE_BATCHES set; ./bench prover also
//     prints its count (constraints_batch16).
//   - The counts are gnark v0.16.1's: another gnark version may compile the same
//     circuit to another count.
package stats
