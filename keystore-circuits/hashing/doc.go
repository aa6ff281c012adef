// Package hashing is the Go side of the keystore rollup's hashing spec
// (docs/spec/hashing.md): Poseidon2 over BN254 with gnark-crypto's default
// parameters (width 2, 6 full and 50 partial rounds, x^5) and its compression
// function, the domain-separated leaf hash of the indexed Merkle tree and the
// node hash.
//
// Two implementations live side by side and must agree bit for bit:
//   - native.go: out of circuit, over gnark-crypto's fr.Element;
//   - gadget.go: the in-circuit gadget over frontend.Variable.
//
// Costs (R1CS, BN254; pinned in internal/stats/constraints.json and checked by
// gadget_test.go, so that a regression shows):
//   - Compress: 187 constraints (62 S-boxes of 3 constraints each, with the
//     linear layers and round keys folded into them, plus the feed-forward);
//   - LeafHash: 559, three compressions, the first over a constant tag;
//   - a depth-32 Merkle path: 32 compressions plus 32 selects.
//
// Caveats: inputs are field elements. Callers that start from bytes must reject
// non-canonical encodings (values >= r) before hashing; the native helpers here
// do so, the gadget cannot see bytes at all.
package hashing
