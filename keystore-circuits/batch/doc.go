// Package batch is the keystore rollup's batch circuit: S transaction slots,
// each proving one accepted transaction of the state transition
// (docs/spec/transactions.md §6) and its write to the indexed Merkle tree
// (docs/spec/witness.md), under one public input that packs the batch's header
// (docs/spec/proof.md §3): the Keccak-256 of the header's bytes, which the L1
// contract recomputes from its calldata.
//
// The witness comes from Java (io.keystore.state.proof.BatchWitness) as bytes in
// the layout of docs/spec/proof.md §2; [ParseWitness] reads it and
// [Witness.Assignment] turns it into a full assignment, public input included.
//
// Costs (R1CS, BN254): batch-1 has 721,401 constraints (pinned in
// circuit_test.go), batch-4 2,189,728 (547,432 per slot), batch-16 about 7.8
// million (./bench prover). Per slot, about 38,000 constraints are the state
// transition and the tree write (≈ 190 Poseidon2 compressions: four depth-32
// paths, the current and new configuration hashes, the signer's key hash, the
// address), and the rest is the signature (package auth: two keccak-f
// permutations and a secp256k1 ECDSA verification, ≈ 420,000 once the lookup
// tables exist). The public input costs one keccak-f per 136 bytes of header
// (128 bytes plus 52 per slot): two for batch-1, three for batch-4, eight for
// batch-16, about 99,000 constraints each.
//
// Caveats:
//   - The circuit proves accepted transactions only; a rejected transaction
//     makes the witness unsatisfiable, and the node leaves it out of the batch.
//   - Stored values (nonces, epochs, delays, times, thresholds, approval bits)
//     are trusted to be in range because every configuration in the tree was
//     written by a proven batch; values that enter from a transaction (new
//     settings, creation settings, the batch time) are range-checked.
//   - An empty slot (type 0) changes nothing; its other elements must still be
//     well-formed (booleans, 32-bit indices), which zeros are.
package batch
