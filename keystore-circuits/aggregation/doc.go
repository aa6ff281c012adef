// Package aggregation is the aggregation circuit of the keystore rollup
// (docs/spec/aggregation.md): aggregate-K verifies K Groth16 BN254 proofs of
// any inner circuit with one public input and one BSB22 commitment (the batch
// circuits, and aggregate-K itself), each under a verifying key given as a
// witness and named in the public input by its hash, and exposes one public
// input: the Keccak-256 of keyHash ‖ input per used entry, which the L1
// contract recomputes from calldata.
//
// # Costs (pinned in internal/stats/constraints.json)
//
//   - aggregate-2: 4,932,181 R1CS, of which about 2.34M per verified proof
//     (emulated BN254 pairing with a witness key, subgroup checks of the
//     proof's and the commitment's points: 78k of it), 27k per key hash, and
//     one Keccak-f (with its lookup tables) for the public input.
//   - A fixed verifying key would save about 35 % per proof (precomputed
//     lines) but bind this circuit to the leaf keys; see aggregation.md §1.
//
// # Caveats
//
//   - Inner proofs must be made for prover.TargetAggregation: gnark's
//     in-circuit verifier derives the commitment challenge with a MiMC-based
//     hash, the Solidity verifier with Keccak-256.
//   - The chain of the inner batches (roots, leaf counts, times, forced
//     queue) is not checked here: the L1 contract builds each batch's public
//     input from its predecessor's outputs (aggregation.md §4).
//   - Assign takes the inner circuits' keys from those loaded in the process
//     (prover.LoadedKeys), and verifies each inner proof natively first.
package aggregation
