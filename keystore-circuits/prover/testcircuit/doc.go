// Package testcircuit is a small circuit for testing the proving pipeline end
// to end, registered as "test-poseidon2" when imported.
//
// It proves knowledge of a and b, both below 2^128, with Poseidon2
// compress(a, b) = h, where h is the one public input. The range checks go
// through gnark's std/rangecheck, which on Groth16 uses a log-derivative
// lookup and so one BSB22 (Pedersen) commitment: the proof and the exported
// Solidity verifier have the same shape as the batch circuits' (which need
// the commitment for keccak and emulated arithmetic).
//
// Witness bytes: a || b || h, each a 32-byte big-endian canonical field
// element (96 bytes).
//
// Cost: 271 R1CS constraints (187 for the compression, the rest for the
// range checks' limb decomposition and log-derivative lookup), pinned in
// internal/stats/constraints.json.
//
// Caveats: it proves nothing about the rollup; its keys come from the
// development setup like every circuit's (prover.LoadOrSetup), and importing
// the package registers it (prover/registered does, so the native library
// serves it too).
package testcircuit
