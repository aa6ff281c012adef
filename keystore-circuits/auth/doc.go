// Package auth is the in-circuit check that a transaction slot carries a
// valid EIP-712 signature (docs/spec/transactions.md §4): secp256k1 ECDSA,
// low-s, against the committed key (state.md §3: four 128-bit halves), over
//
//	digest = keccak256(0x19 0x01 ‖ domainSeparator ‖ keccak256(typeHash ‖ word_1 ‖ … ‖ word_k)),  k ≤ 3.
//
// Three parts:
//   - native.go: type strings and hashes, [StructHash], [Digest], [Verify]
//     and the witness helpers ([KeyOf], [SignatureOf], [Halves32]);
//   - gadget.go: [AssertSignedIf], the circuit gadget, on gnark's
//     std/algebra/emulated/sw_emulated (secp256k1 over emulated fields, complete
//     formulas), std/math/uints (byte lookups) and std/rangecheck; oneof.go:
//     [AssertSignedOneOfIf], the same check for a slot whose struct type
//     (UpdateConfig, ApproveRecovery, CancelRecovery) is a circuit variable,
//     sharing one signature check between the types;
//   - keccak.go: a one-block Keccak-256 (messages < 136 bytes) written from
//     FIPS 202 on gnark's uints bytes; cheaper than std/hash/sha3 (below);
//   - p256.go: [AssertP256SignedDigestIf], the same ECDSA check on P-256
//     (passkeys, docs/spec/passkeys.md: scheme 2's signature and scheme 3's
//     key) over a digest the caller hashed, and its native [P256Verify]; the
//     ECDSA code is one, generic over the curve (verifyECDSAOn); webauthn.go:
//     [AssertWebAuthnSignedDigestIf], scheme 3's assertion (passkeys.md §4.2:
//     the canonical clientDataJSON prefix with base64url(digest), the UP flag,
//     SHA-256 of both parts at their variable lengths, then P-256).
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
// Costs (R1CS constraints, BN254, gnark v0.16.1; the first three pinned in
// internal/stats/constraints.json and checked by the tests, so that a
// regression shows; the rest from measure_test.go, run with AUTH_MEASURE=1):
//
//	AssertSignedIf, k = 3 (UpdateConfig, ApproveRecovery)        485,685
//	AssertSignedIf, k = 2 (CancelRecovery)                       485,179
//	AssertSignedOneOfIf over the three structs                   485,997
//	  of which the two Keccak-256, with the byte decompositions   263,885
//	  secp256k1 ECDSA alone (in a circuit of its own)             182,809
//	AssertP256SignedDigestIf alone (digest bytes as input; pinned) 139,490
//	AssertWebAuthnSignedDigestIf alone (likewise; pinned)          668,346
//	  (10 SHA-256 blocks: clientDataJSON ≤ 384 bytes 7, authenticatorData
//	  ≤ 128 bytes ‖ 32 bytes 3; the rest P-256 and the byte plumbing)
//	  (gnark's ecdsa.Verify alone: 185,198)
//	the same gadget on std/hash/sha3: hashes 343,742, whole      565,542
//
// Keccak-256 of 128 bytes (one keccak-f) in a circuit with 1, 2, 4, 8 of them:
//
//	std/hash/sha3   237,822  344,055  556,520  981,450   ~131k fixed + ~106k each
//	this package    165,355  264,788  463,652  861,378    ~66k fixed +  ~99k each
//
// The fixed part is gnark's 2^16-entry lookup tables, shared by every hash in
// a circuit: XOR and AND for std/hash/sha3, XOR alone here (the AND of χ is
// (b + c − (b ⊕ c))/2, so ¬b ∧ c costs one XOR lookup). SHA-256
// (std/hash/sha2) of 1, 2, 4, 8 64-byte blocks: 166,406 / 201,679 / 272,224 /
// 413,314, so ~131k fixed and ~35k per block.
//
// The two parts cost more together than apart (485,685 > 263,885 + 182,809):
// gnark's range checker is one per circuit, and its table is sized for the
// hashes' many 8-bit checks (base 8; 10 to 16 bits cost 15k to 40k more), which
// makes the emulated arithmetic's 64-bit limb checks dearer: ECDSA's marginal
// cost in a circuit with the hashes is ~222k.
//
// In a batch circuit the XOR table is paid once: 1, 2, 3 one-of slots in one
// circuit cost 485,997 / 906,054 / 1,309,965, so a further slot's signature
// costs ~404k to ~420k, ~445k to ~460k with the slot's ~40k of Poseidon2; a
// circuit of one slot, ~526k. Both under the 650k per-slot goal.
//
// Options measured and not taken: sw_emulated's incomplete arithmetic
// (algopts.WithIncompleteArithmetic) makes the scalar multiplication ~46k
// cheaper (135,787 against 181,909), but its exceptional set is not fully
// characterised and the prover chooses the signature and the GLV
// decompositions, so a slot could be steered into an addition whose slope is
// unconstrained: not sound against a malicious prover. Dropping the range check
// of each lookup result (what makes a byte XOR cost ~2 constraints) is unsound
// for the same reason gnark keeps it: the packed lookup key would then admit
// out-of-range results.
//
// Caveats:
//   - R.x is compared with r exactly, not modulo n: a signature whose R has
//     n ≤ R.x < p (an honest signer's nonce lands there with probability
//     about 2^-127) is rejected although ECDSA accepts it with r = R.x − n.
//     [Verify] applies the same rule, so a sequencer that checks with it never
//     admits a transaction the prover cannot prove.
//   - The parity of R.y (v) is not checked (transactions.md §4.4 allows it):
//     the circuit accepts (r, s) alone; low-s already makes it unique.
//   - Words are range checked here; what a word means (that an address word
//     is the slot's account, that a 254-bit word is the right commitment) is
//     the caller's business.
//   - enabled must be boolean (the caller constrains it); with any other value
//     the selects mix the slot's values with the dummy's.
//   - typeHash is a compile-time constant in AssertSignedIf: a slot that may
//     carry any of the signed structs should use AssertSignedOneOfIf (one
//     signature check, +312 constraints) rather than one AssertSignedIf per
//     type (each costs the full price).
//   - The keccak gadget hashes one block only (< 136 bytes), all EIP-712 needs
//     with k ≤ 3 (transactions.md §4.2).
package auth
