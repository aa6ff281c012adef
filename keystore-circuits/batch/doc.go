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
// Force inclusion (docs/spec/proof.md §7): the header carries F = min(S, 4)
// forced ids, the first ones non-zero; slot j holds forced transaction j when
// id j is non-zero, and the circuit computes that slot's id (one keccak-f
// over type, guardian index, counter, account, the signed payload, the
// signer's keyHash and the creation commitment) and asserts it equals the
// header's. Each slot gets a validity bit, the conjunction of the
// state-dependent rules (ACCOUNT_EXISTS, ACCOUNT_NOT_FOUND, BAD_NONCE,
// BAD_RECOVERY_EPOCH, WRONG_SIGNER, NOT_A_GUARDIAN, COUNTER_OVERFLOW and the
// rules of the type), computed from the comparisons the rules need: a slot
// that is not forced must be valid, and a forced slot that is not is rejected
// (the tree unchanged, (0, 0) published, still counted in txCount). What the
// L1 queue checks stays a hard constraint: the signature is valid for the
// slot's signer key, new settings are valid, and a creation's preimage and
// address hold.
//
// Guardian vetoes (transactions.md §6.3, §6.4): each slot opens the veto bits
// of the pending recovery (witness elements 114–117, after the others), hashed
// with the approvals as one votes element, approvals + 16·vetoes; they are
// booleans and zero unless a recovery is pending. An ApproveRecovery whose
// proposed owner keyHash is VETO_KEY_HASH ([VetoKeyHash], the keyHash of the
// secp256k1 generator) is a veto: valid only while a recovery at its threshold
// is pending (else NOTHING_PENDING) and the guardian has not vetoed it
// (DUPLICATE_APPROVAL); it sets the guardian's veto bit and changes nothing
// else. An approval of the same proposal keeps its vetoes, the threshold counts
// approvals only, and CancelRecovery needs a veto (GUARDIAN_VETO_REQUIRED), so
// the owner key alone (a thief) cannot cancel a recovery.
//
// Schemes (proof.md §9): the signed slots of a batch all verify one key
// scheme, the circuit's: batch-1, batch-4 and batch-16 verify secp256k1,
// batch-1-p256 raw P-256 and batch-1-webauthn WebAuthn assertions (each slot
// then carries its authenticatorData and clientDataJSON, 514 more witness
// elements). The signer's keyHash is taken under the circuit's scheme; every
// other key hash is opaque, so any scheme may own or guard an account in any
// circuit. batch-1-p256 has 767,880 constraints and batch-1-webauthn
// 1,201,574 (batch-1: 821,048), both with the one-slot batch's fixed part:
// the public input's two keccak-f and the forced id's one, ≈ 297,000.
//
// Costs (R1CS, BN254; pinned in internal/stats/constraints.json): batch-1 has
// 821,048 constraints, batch-4 2,687,886 (671,972 per slot), batch-16 8,605,544
// (537,847 per slot; checked with KEYSTORE_LARGE_BATCHES, and ./bench prover);
// the vetoes cost 29 constraints per slot.
// Per slot, about 38,000 constraints are the state transition and the tree
// write (≈ 190 Poseidon2 compressions: four depth-32 paths, the current and new
// configuration hashes, the signer's key hash, the address), and the rest is
// the signature (package auth: two keccak-f permutations and a secp256k1 ECDSA
// verification, ≈ 420,000 once the lookup tables exist). Each forced-capable
// slot (the first min(S, 4)) adds one keccak-f for its id, about 99,500
// constraints. The public input costs one keccak-f per 136 bytes of public
// bytes (128 bytes, 32 per forced id, 52 per slot, padded): two for batch-1,
// four for batch-4, nine for batch-16, about 99,000 constraints each.
//
// The tests compile batch-1 (about 4 s of CPU, 1 GB), with and without the
// header's claims (the test-only circuit that checks the transition alone),
// and batch-4 (about 14 s, 3 GB), once per test binary; batch-16 (about 8.6
// million constraints, minutes and gigabytes) only with KEYSTORE_LARGE_BATCHES.
//
// Caveats:
//   - A sequencer's transaction must be valid: a rejected one makes the
//     witness unsatisfiable unless it is forced, and the node leaves it out.
//   - Stored values (nonces, epochs, delays, times, thresholds, approval and
//     veto bits) are trusted to be in range because every configuration in the
//     tree was written by a proven batch; values that enter from a transaction
//     (new settings, creation settings, the batch time) are range-checked. The
//     invariants of the stored vetoes (bits of guardians only, only past the
//     threshold; no recovery ever proposes VETO_KEY) are trusted the same way:
//     the circuit keeps them by what it writes, and checks only that the bits
//     are booleans and zero with nothing pending. When the account is absent
//     and the transaction has no creation (ACCOUNT_NOT_FOUND) the opened
//     configuration is unbound and unused; Java writes zeros.
//   - Account 0 is the sentinel's key, no account: L1 refuses to queue it
//     (proof.md §7.1), and the circuit still takes it as absent, with the
//     sentinel as its low leaf, so that it could only be rejected (no creation
//     hashes to it) rather than make a batch unprovable.
//   - An empty slot (type 0) changes nothing; its other elements must still be
//     well-formed (booleans, 32-bit indices, no creation), which zeros are.
package batch
