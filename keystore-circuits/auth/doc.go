// Package auth is the in-circuit check that a transaction slot carries a
// valid EIP-712 signature (docs/spec/transactions.md §4): secp256k1 ECDSA,
// low-s, against the committed key (state.md §3: four 128-bit halves), over
//
//	digest = keccak256(0x19 0x01 ‖ domainSeparator ‖ keccak256(typeHash ‖ word_1 ‖ … ‖ word_k)),  k ≤ 3.
//
// Two implementations live side by side and must agree:
//   - native.go: type strings and hashes, [StructHash], [Digest], [Verify]
//     and the witness helpers ([KeyOf], [SignatureOf], [Halves32]);
//   - gadget.go: [AssertSignedIf], the circuit gadget, built on gnark's
//     std/hash/sha3 (Keccak-256), std/algebra/emulated/sw_emulated
//     (secp256k1 over emulated fields) and std/rangecheck.
//
// What AssertSignedIf proves, when enabled = 1:
//   - every word decomposes into big-endian bytes below 2^Bits; 254-bit words
//     (bytes32 that is a BN254 field element) canonically, value < r;
//   - the domain separator halves are below 2^128;
//   - 1 ≤ r < n and 1 ≤ s ≤ (n−1)/2 (low-s, EIP-2), with r, s halves < 2^128;
//   - the key halves are below 2^128, x, y < p and y² = x³ + 7 (never the
//     point at infinity, which gnark writes (0,0));
//   - R = (e·w)G + (r·w)Q, e = digest mod n, w = s⁻¹, computed with gnark's
//     complete formulas, and R.x = r (an infinite R is (0,0), excluded by r ≥ 1).
//
// When enabled = 0 the words and the domain separator are multiplied by 0 and
// a fixed dummy (key, digest, signature), valid and computed at init, replaces
// the slot's, so any assignment satisfies the circuit.
//
// Costs (R1CS, BN254, gnark v0.16.1; pinned in gadget_test.go so that a
// regression shows):
//   - AssertSignedIf alone in a circuit: 565,542 constraints for k = 3,
//     565,438 for k = 2 (the struct hash is one keccak-f permutation either way);
//   - of which the two Keccak-256 (with the word and domain-separator byte
//     decompositions): 343,742 alone; secp256k1 ECDSA alone: 182,809
//     (gnark's ecdsa.Verify: 185,198); together more than the sum because the
//     range checker's table, shared with the hashes, is then sized for bytes
//     (base 8), which makes the emulated arithmetic's 64-bit checks dearer;
//   - Keccak-256 of 128 bytes (one permutation) in a circuit with 1, 2, 4, 8 of
//     them: 237,822 / 344,055 / 556,520 / 981,450: a fixed ~131k for the two
//     2^16-entry lookup tables (XOR, AND) gnark's uints share across a circuit,
//     then ~106k per permutation;
//   - SHA-256 (std/hash/sha2) of 1, 2, 4, 8 blocks: 166,406 / 201,679 /
//     272,224 / 413,314: ~131k fixed, then ~35k per 64-byte block;
//   - so in a batch circuit the tables are paid once, and each further slot's
//     signature costs about 565k − 131k ≈ 435k, ~475k with the slot's ~40k of
//     Poseidon2: under the 650k per-slot goal.
//
// Options measured and not taken: sw_emulated's incomplete arithmetic
// (algopts.WithIncompleteArithmetic) makes the scalar multiplication ~46k
// cheaper (135,787 against 181,909), but its exceptional set is not fully
// characterised and the prover chooses the signature and the GLV
// decompositions, so a slot could be steered into a case where an addition's
// slope is unconstrained: not sound against a malicious prover. Other range
// checker bases (10 to 16 bits) cost 15k to 40k more than the automatic 8.
//
// Caveats:
//   - R.x is compared with r exactly, not modulo n: a signature whose R has
//     n ≤ R.x < p (probability about 2^-128, and no one can arrange it without
//     the nonce's discrete logarithm) is rejected although ECDSA accepts it.
//     [Verify] applies the same rule.
//   - The parity of R.y (v) is not checked (transactions.md §4.4 allows it):
//     the circuit accepts (r, s) alone; low-s already makes it unique.
//   - Words are range checked here; what a word means (that an address word
//     is the slot's account, that a 254-bit word is the right commitment) is
//     the caller's business.
//   - enabled must be boolean (the caller constrains it); with any other value
//     the selects mix the slot's values with the dummy's.
//   - typeHash is a compile-time constant: the batch circuit calls
//     AssertSignedIf once per (slot, struct type) it supports, or selects the
//     words of one shared call; each call costs the full price.
package auth
