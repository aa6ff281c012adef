package batch

import (
	"errors"
	"fmt"
	"math/big"

	"github.com/consensys/gnark/frontend"
	"github.com/consensys/gnark/std/math/uints"

	"github.com/keystore-rollup/keystore-circuits/auth"
	"github.com/keystore-rollup/keystore-circuits/hashing"
)

// builder holds what every slot's constraints need.
type builder struct {
	api    frontend.API
	h      *hashing.Gadget
	k      *auth.Keccak
	scheme Scheme // of the signers (proof.md §9)
}

// slotOut is what a slot hands to the next one.
type slotOut struct {
	root      frontend.Variable
	leafCount frontend.Variable
	active    frontend.Variable // 1 for a transaction, 0 for an empty slot
	applied   frontend.Variable // 1 for a transaction that is applied (active and valid)
	newValue  frontend.Variable // the account's new configHash (the published leaf value)
}

// kind is the slot's transaction type as boolean selectors, exactly one of
// which (or none, for an empty slot) is 1.
type kind struct {
	update, approve, cancel, finalise, active frontend.Variable
}

func (b *builder) kind(t frontend.Variable) kind {
	api := b.api
	k := kind{
		update:   api.IsZero(api.Sub(t, TypeUpdateConfig)),
		approve:  api.IsZero(api.Sub(t, TypeApproveRecovery)),
		cancel:   api.IsZero(api.Sub(t, TypeCancelRecovery)),
		finalise: api.IsZero(api.Sub(t, TypeFinaliseRecovery)),
	}
	k.active = api.Add(k.update, k.approve, k.cancel, k.finalise)
	// The type is one of 0..4: an unknown type is neither empty nor active.
	api.AssertIsEqual(api.Add(k.active, api.IsZero(t)), 1)
	return k
}

// slot constrains one slot and returns the state after it. Rule numbers refer
// to docs/spec/transactions.md §6; proof.md §7.4 says which rules are hard
// constraints (what the L1 queue checks) and which make the validity bit (the
// state-dependent rules). forced is 1 when the slot holds forced transaction
// forcedID (nil past the forced-capable slots, where forced is 0).
func (b *builder) slot(s *Slot, hdr *Header, root, leafCount, forced frontend.Variable, forcedID *[2]frontend.Variable) (slotOut, error) {
	api := b.api
	k := b.kind(s.Type)
	cur := &s.Current

	// The account is present (Leaf is its own) or absent (Leaf is the low leaf);
	// a creation comes with UpdateConfig and ApproveRecovery only (§3).
	absent := s.Created
	api.AssertIsBoolean(absent)
	api.AssertIsEqual(api.Mul(s.CreationCommitment, api.Sub(k.active, api.Add(k.update, k.approve))), 0)
	hasCreation := api.Sub(1, api.IsZero(s.CreationCommitment))
	creating := api.Mul(absent, hasCreation)
	// §6.1 ACCOUNT_EXISTS (present, with a creation), ACCOUNT_NOT_FOUND (absent, without).
	badAccount := api.Sub(api.Add(absent, hasCreation), api.Mul(2, creating))

	// The current configuration and its hash (state.md §4).
	b.assertBooleans(cur.RecoveryPending, cur.UpdatePending)
	b.assertBooleans(cur.RecoveryApprovals[:]...)
	b.assertBooleans(cur.RecoveryVetoes[:]...)
	b.assertZeroIf(api.Sub(1, cur.RecoveryPending), cur.RecoveryVetoes[:]...) // vetoes belong to a pending recovery
	gsHash := b.guardianSetHash(&cur.GuardianSet)
	approvals := b.bitsValue(cur.RecoveryApprovals[:])
	vetoes := b.bitsValue(cur.RecoveryVetoes[:])
	// The hashed votes element packs the vetoes in bits 4..7 (state.md §4.3).
	prHash := api.Select(cur.RecoveryPending,
		b.chain(DomainPendingRecovery, cur.RecoveryProposedOwner, api.Add(approvals, api.Mul(vetoes, 16)), cur.RecoveryExecutableAfter), 0)
	puHash := api.Select(cur.UpdatePending,
		b.chain(DomainPendingUpdate, cur.UpdateGuardianSetHash, cur.UpdateSpendingRules, cur.UpdateExecutableAfter), 0)
	curHash := b.configHash(cur.OwnerKeyHash, gsHash, cur.SpendingRulesHash, cur.Nonce, cur.RecoveryEpoch, prHash, puHash)

	// §6.1.4, checked on L1 for a forced transaction: an account created here
	// starts from the initial configuration of valid settings, which with the
	// salt hash to the creation commitment, whose low 160 bits are the address.
	b.assertZeroIf(creating, cur.Nonce, cur.RecoveryEpoch, cur.RecoveryPending, cur.UpdatePending)
	b.assertValidSettingsIf(creating, &cur.GuardianSet)
	b.assertEqualIf(creating, b.chain(DomainAddress, s.Salt, curHash), s.CreationCommitment)
	b.assertEqualIf(creating, b.low160(s.CreationCommitment), s.Account)

	// Authorisation (§4): the owner signs UpdateConfig and CancelRecovery, guardian
	// GuardianIndex signs ApproveRecovery; FinaliseRecovery is unsigned. The
	// signature is always valid for SignerKey (hard); whether that key is the
	// required signer's is a rule.
	signed := api.Add(k.update, k.approve, k.cancel)
	newGsHash := b.guardianSetHash(&s.NewSettings.GuardianSet)
	commitment := b.chain(DomainUpdateRequest, s.NewSettings.OwnerKeyHash, newGsHash, s.NewSettings.SpendingRulesHash)
	gi := api.ToBinary(s.GuardianIndex, 2)
	guardianKeyHash := api.Lookup2(gi[0], gi[1],
		cur.GuardianSet.Guardians[0], cur.GuardianSet.Guardians[1], cur.GuardianSet.Guardians[2], cur.GuardianSet.Guardians[3])
	keyHash, err := b.authorise(s, hdr, k, signed, commitment)
	if err != nil {
		return slotOut{}, err
	}
	// WRONG_SIGNER, and NOT_A_GUARDIAN (an empty guardian slot is 0, never a keyHash).
	required := api.Select(k.approve, guardianKeyHash, cur.OwnerKeyHash)
	badSigner := api.Sub(1, api.IsZero(api.Mul(signed, api.Sub(keyHash, required))))
	// BAD_NONCE, BAD_RECOVERY_EPOCH: the transaction's counter is the account's.
	counter := api.Select(k.approve, cur.RecoveryEpoch, cur.Nonce)
	badCounter := api.Sub(1, api.IsZero(api.Mul(signed, api.Sub(s.TxCounter, counter))))

	// COUNTER_OVERFLOW: counters never wrap.
	badNonceMax := api.Mul(api.Add(k.update, k.cancel), b.isMaxU64(cur.Nonce))
	badEpochMax := api.Mul(api.Add(k.cancel, k.finalise), b.isMaxU64(cur.RecoveryEpoch))

	time := hdr.Time
	delay := cur.GuardianSet.RecoveryDelay
	prReached := api.Mul(cur.RecoveryPending, api.Sub(1, api.IsZero(cur.RecoveryExecutableAfter)))

	// §6.2 UpdateConfig (the new settings are valid: checked on L1 when forced).
	b.assertValidSettingsIf(k.update, &s.NewSettings.GuardianSet)
	noGuardians := api.IsZero(cur.GuardianSet.Guardians[0]) // guardians fill slots 0..n-1
	atOnce := api.Mul(k.update, noGuardians)
	unchanged := api.Mul(api.IsZero(api.Sub(newGsHash, gsHash)), api.IsZero(api.Sub(s.NewSettings.SpendingRulesHash, cur.SpendingRulesHash)))
	requestsUpdate := api.Mul(api.Sub(k.update, atOnce), api.Sub(1, unchanged))
	requestedHash := b.chain(DomainPendingUpdate, newGsHash, s.NewSettings.SpendingRulesHash, api.Add(time, delay))

	// §6.3 ApproveRecovery: a veto (the new owner is VETO_KEY) or an approval.
	isVeto := api.Mul(k.approve, api.IsZero(api.Sub(s.ProposedOwnerKeyHash, VetoKeyHash.BigInt(new(big.Int)))))
	approval := api.Sub(k.approve, isVeto)
	same := api.Mul(cur.RecoveryPending, api.IsZero(api.Sub(cur.RecoveryProposedOwner, s.ProposedOwnerKeyHash)))
	// RECOVERY_IN_PROGRESS: a new proposal only replaces one under its threshold.
	badInProgress := api.Mul(approval, api.Sub(1, same), prReached)
	onehot := b.oneHot(gi)
	var newBits [MaxGuardians]frontend.Variable
	var alreadyApproved, alreadyVetoed frontend.Variable = 0, 0
	for j := range newBits {
		alreadyApproved = api.Add(alreadyApproved, api.Mul(onehot[j], cur.RecoveryApprovals[j]))
		alreadyVetoed = api.Add(alreadyVetoed, api.Mul(onehot[j], cur.RecoveryVetoes[j]))
		newBits[j] = api.Add(api.Mul(same, cur.RecoveryApprovals[j]), onehot[j])
	}
	// DUPLICATE_APPROVAL: the guardian's bit is not set yet on the same proposal
	// (its approval bit) or on the recovery it vetoes (its veto bit).
	badDuplicate := api.Add(api.Mul(approval, same, alreadyApproved), api.Mul(isVeto, alreadyVetoed))
	// NOTHING_PENDING: a veto needs a recovery at its threshold.
	badNothingToVeto := api.Mul(isVeto, api.Sub(1, prReached))
	baseExec := api.Mul(same, cur.RecoveryExecutableAfter)
	// The threshold counts approvals only.
	reached := b.atLeast(api.Mul(approval, api.Add(newBits[0], newBits[1], newBits[2], newBits[3])),
		api.Mul(approval, cur.GuardianSet.Threshold))
	newlyReached := api.Mul(approval, reached, api.IsZero(baseExec))
	newExec := api.Select(newlyReached, api.Add(time, delay), baseExec)
	// An approval of the same proposal keeps its vetoes (a fresh one has none); a
	// veto sets its bit and keeps the rest of the pending recovery: proposal,
	// approvals, executableAfter.
	newVotes := api.Select(isVeto,
		api.Add(approvals, api.Mul(api.Add(vetoes, b.bitsValue(onehot[:])), 16)),
		api.Add(b.bitsValue(newBits[:]), api.Mul(same, vetoes, 16)))
	approvedHash := b.chain(DomainPendingRecovery,
		api.Select(isVeto, cur.RecoveryProposedOwner, s.ProposedOwnerKeyHash), newVotes,
		api.Select(isVeto, cur.RecoveryExecutableAfter, newExec))

	// §6.4 CancelRecovery NOTHING_PENDING: something to cancel;
	// GUARDIAN_VETO_REQUIRED: a guardian vetoed it (the owner alone never cancels).
	badNothingToCancel := api.Mul(k.cancel, api.Sub(1, cur.RecoveryPending))
	badNoVeto := api.Mul(k.cancel, api.IsZero(vetoes))

	// §6.5 FinaliseRecovery: a recovery past its threshold first, else a pending
	// update, each once due; else THRESHOLD_NOT_REACHED or NOTHING_PENDING.
	finRecovery := api.Mul(k.finalise, prReached)
	finUpdate := api.Mul(k.finalise, api.Sub(1, prReached), cur.UpdatePending)
	badNothingDue := api.Mul(k.finalise, api.Sub(1, prReached), api.Sub(1, cur.UpdatePending))
	due := api.Add(api.Mul(finRecovery, cur.RecoveryExecutableAfter), api.Mul(finUpdate, cur.UpdateExecutableAfter))
	badDelay := b.lessU64(time, due) // DELAY_NOT_PASSED

	// The validity bit: every state-dependent rule holds (each bad* is a boolean).
	valid := api.IsZero(api.Add(badAccount, badSigner, badCounter, badNonceMax, badEpochMax,
		badInProgress, badDuplicate, badNothingToVeto, badNothingToCancel, badNoVeto, badNothingDue, badDelay))
	// A forced slot holds a transaction; one that is not forced is valid (a
	// sequencer never puts a rejected transaction in a batch).
	api.AssertIsEqual(api.Mul(forced, api.Sub(1, k.active)), 0)
	api.AssertIsEqual(api.Mul(api.Sub(k.active, forced), api.Sub(1, valid)), 0)
	applied := api.Mul(k.active, valid)

	if forcedID != nil {
		hi, lo, err := b.forceID(s, k, forced, signed, commitment, keyHash)
		if err != nil {
			return slotOut{}, err
		}
		b.assertEqualIf(forced, hi, forcedID[0])
		b.assertEqualIf(forced, lo, forcedID[1])
	}

	// The new configuration.
	owner := api.Select(k.update, s.NewSettings.OwnerKeyHash,
		api.Select(finRecovery, cur.RecoveryProposedOwner, cur.OwnerKeyHash))
	nGs := api.Select(atOnce, newGsHash, api.Select(finUpdate, cur.UpdateGuardianSetHash, gsHash))
	nRules := api.Select(atOnce, s.NewSettings.SpendingRulesHash,
		api.Select(finUpdate, cur.UpdateSpendingRules, cur.SpendingRulesHash))
	nonce := api.Add(cur.Nonce, k.update, k.cancel)
	epoch := api.Add(cur.RecoveryEpoch, k.cancel, k.finalise)
	nPrHash := api.Select(k.approve, approvedHash,
		api.Select(api.Add(k.cancel, k.finalise), 0, prHash))
	puKept := api.Sub(1, api.Add(k.update, newlyReached, k.finalise)) // a cancel keeps it, so do a veto and an approval under the threshold
	nPuHash := api.Add(api.Mul(requestsUpdate, requestedHash), api.Mul(puKept, puHash))
	newHash := b.configHash(owner, nGs, nRules, nonce, epoch, nPrHash, nPuHash)

	root, leafCount = b.writeLeaf(s, k, applied, root, leafCount, curHash, newHash)
	return slotOut{root: root, leafCount: leafCount, active: k.active, applied: applied, newValue: newHash}, nil
}

// authorise checks the slot's EIP-712 signature by SignerKey over the struct
// of the transaction's own counter (transactions.md §4), in the batch's key
// scheme (proof.md §9), and returns the key's keyHash under that scheme.
func (b *builder) authorise(s *Slot, hdr *Header, k kind, signed, commitment frontend.Variable) (frontend.Variable, error) {
	api := b.api
	key := s.SignerKey
	keyHash := b.chain(DomainKey, int(b.scheme), key.XHi, key.XLo, key.YHi, key.YLo)

	// UpdateConfig(account, nonce, newConfigCommitment), ApproveRecovery(account,
	// newOwnerKeyHash, recoveryEpoch), CancelRecovery(account, nonce), with the
	// transaction's nonce or epoch (TxCounter).
	// auth.KeystoreStructs() order: 0 UpdateConfig, 1 ApproveRecovery, 2 CancelRecovery.
	typeIndex := api.Add(k.approve, api.Mul(k.cancel, 2))
	words := []frontend.Variable{
		s.Account,
		api.Select(k.approve, s.ProposedOwnerKeyHash, s.TxCounter),
		api.Select(k.update, commitment, s.TxCounter),
	}
	if b.scheme == SchemeSecp256k1 {
		err := auth.AssertSignedOneOfIf(api, signed, typeIndex, auth.KeystoreStructs(), hdr.DomainSeparator, words, key, s.Signature)
		return keyHash, err
	}
	digest, err := auth.EIP712DigestOneOf(api, signed, typeIndex, auth.KeystoreStructs(), hdr.DomainSeparator, words)
	if err != nil {
		return nil, err
	}
	switch b.scheme {
	case SchemeP256:
		err = auth.AssertP256SignedDigestIf(api, signed, digest, key, s.Signature)
	case SchemeWebAuthn:
		if len(s.WebAuthn) != 1 {
			return nil, errors.New("batch: a WebAuthn slot needs its assertion (NewOf)")
		}
		err = auth.AssertWebAuthnSignedDigestIf(api, signed, digest, s.WebAuthn[0], key, s.Signature)
	default:
		err = fmt.Errorf("batch: unknown key scheme %d", b.scheme)
	}
	return keyHash, err
}

// forceID is the slot's forced transaction id (proof.md §7.2) as 128-bit
// big-endian halves, computed from the slot's fields times forced (so a slot
// that is not forced hashes zeros: one keccak-f either way).
//
//	keccak256(0x0000 ‖ type ‖ guardianIndex ‖ counter (u64) ‖ account (20) ‖ w2 ‖ keyHash(signerKey) ‖ creationCommitment)
func (b *builder) forceID(s *Slot, k kind, forced, signed, commitment, keyHash frontend.Variable) (frontend.Variable, frontend.Variable, error) {
	api, kc := b.api, b.k
	on := func(v frontend.Variable) frontend.Variable { return api.Mul(forced, v) }
	msg := uints.NewU8Array([]byte{0, 0})
	msg = append(msg, kc.Bytes(on(s.Type), 1)...)
	msg = append(msg, kc.Bytes(on(api.Mul(k.approve, s.GuardianIndex)), 1)...)
	msg = append(msg, kc.Bytes(on(api.Mul(signed, s.TxCounter)), 8)...)
	msg = append(msg, kc.Bytes(on(s.Account), 20)...)
	w2 := api.Select(k.update, commitment, api.Mul(k.approve, s.ProposedOwnerKeyHash))
	for _, v := range []frontend.Variable{w2, api.Mul(signed, keyHash), s.CreationCommitment} {
		word, err := kc.Word(auth.Word{Value: on(v), Bits: auth.BitsField})
		if err != nil {
			return nil, nil, err
		}
		msg = append(msg, word...)
	}
	digest := kc.Sum(msg)
	return kc.Value(digest[:16]), kc.Value(digest[16:]), nil
}

// writeLeaf checks the slot's account against the tree (membership, or
// non-membership by the low leaf) and applies its change when applied: an
// update of the account's leaf, or an insertion (witness.md §2, §3). An empty
// or rejected slot leaves the root and the leaf count as they are, whatever
// its witness holds.
func (b *builder) writeLeaf(s *Slot, k kind, applied, root, leafCount, curHash, newHash frontend.Variable) (frontend.Variable, frontend.Variable) {
	api, h := b.api, b.h
	absent := s.Created
	present := api.Mul(k.active, api.Sub(1, absent))
	missing := api.Sub(k.active, present)
	inserted := api.Mul(applied, absent)
	key, next, value := s.Leaf[0], s.Leaf[1], s.Leaf[2]

	bitsA := api.ToBinary(s.LeafIndex, hashing.TreeDepth)
	bitsB := api.ToBinary(s.NewLeafIndex, hashing.TreeDepth)

	// The leaf (present) or the low leaf (absent) is in the tree.
	b.assertEqualIf(k.active, h.RootFromPath(h.LeafHash(key, next, value), bitsA, s.LeafSiblings[:]), root)

	// Present: it is the account's leaf, holding the current configuration; the
	// sentinel (key 0) is no account.
	accountZero := api.IsZero(s.Account)
	b.assertEqualIf(present, key, s.Account)
	b.assertEqualIf(present, value, curHash)
	api.AssertIsEqual(api.Mul(present, accountZero), 0)

	// Absent: the low leaf brackets the account, key < account < next (or next
	// = 0, the end); account 0 is absent with the sentinel as its low leaf (a
	// forced transaction may name it: ACCOUNT_NOT_FOUND, as no creation hashes
	// to it).
	b.assertEqualIf(api.Mul(missing, accountZero), key, 0)
	b.rangeCheck(api.Mul(missing, api.Sub(1, accountZero), api.Sub(api.Sub(s.Account, key), 1)), 160)
	nextSet := api.Sub(1, api.IsZero(next))
	b.rangeCheck(api.Mul(missing, nextSet, api.Sub(api.Sub(next, s.Account), 1)), 160)

	// Step one: the leaf gets its new value, or the low leaf points at the new key.
	changed := h.LeafHash(key, api.Select(absent, s.Account, next), api.Select(absent, value, newHash))
	afterA := h.RootFromPath(changed, bitsA, s.LeafSiblings[:])

	// Step two (insertion): the empty slot at the next free index gets the new leaf.
	b.assertEqualIf(inserted, h.RootFromPath(0, bitsB, s.NewLeafSiblings[:]), afterA)
	b.assertEqualIf(inserted, s.NewLeafIndex, leafCount)
	afterB := h.RootFromPath(h.LeafHash(s.Account, next, newHash), bitsB, s.NewLeafSiblings[:])

	newRoot := api.Select(applied, api.Select(absent, afterB, afterA), root)
	return newRoot, api.Add(leafCount, inserted)
}

// ------------------------------------------------------------------ hashing

// chain is the tagged chain H_tag(x_1, ..., x_n) of hashing.md §3.
func (b *builder) chain(tag uint64, xs ...frontend.Variable) frontend.Variable {
	acc := frontend.Variable(tag)
	for _, x := range xs {
		acc = b.h.Compress(acc, x)
	}
	return acc
}

func (b *builder) guardianSetHash(g *GuardianSet) frontend.Variable {
	return b.chain(DomainGuardians, g.Threshold, g.RecoveryDelay,
		g.Guardians[0], g.Guardians[1], g.Guardians[2], g.Guardians[3])
}

func (b *builder) configHash(owner, gs, rules, nonce, epoch, pr, pu frontend.Variable) frontend.Variable {
	return b.chain(DomainConfig, owner, gs, rules, nonce, epoch, pr, pu)
}

// low160 is the low 160 bits of a field element, from its canonical (strictly
// range-checked) 254-bit decomposition: the address of a creation commitment
// H_2(salt, configHash) (state.md §5).
func (b *builder) low160(v frontend.Variable) frontend.Variable {
	bits := b.api.ToBinary(v, 254)
	return b.api.FromBinary(bits[:160]...)
}

// ------------------------------------------------------------------ rules

// assertValidSettingsIf checks a guardian set against transactions.md §6.6
// when cond is 1: guardians without gaps and pairwise distinct, the threshold
// in range for their number, the delay within its bounds.
func (b *builder) assertValidSettingsIf(cond frontend.Variable, g *GuardianSet) {
	api := b.api
	var present [MaxGuardians]frontend.Variable
	for i, key := range g.Guardians {
		present[i] = api.Sub(1, api.IsZero(key))
	}
	for i := 0; i+1 < MaxGuardians; i++ { // no gap: slot i+1 used only if slot i is
		api.AssertIsEqual(api.Mul(cond, present[i+1], api.Sub(1, present[i])), 0)
	}
	for j := 1; j < MaxGuardians; j++ { // distinct keys
		for i := 0; i < j; i++ {
			api.AssertIsEqual(api.Mul(cond, present[j], api.IsZero(api.Sub(g.Guardians[i], g.Guardians[j]))), 0)
		}
	}
	count := api.Add(present[0], present[1], present[2], present[3])
	b.rangeCheck(api.Mul(cond, g.Threshold), 3)
	b.rangeCheck(api.Mul(cond, api.Sub(count, g.Threshold)), 3) // threshold <= count
	api.AssertIsEqual(api.Mul(cond, api.Sub(1, api.IsZero(count)), api.IsZero(g.Threshold)), 0)
	b.rangeCheck(api.Mul(cond, api.Sub(g.RecoveryDelay, MinRecoveryDelay)), 22)
	b.rangeCheck(api.Mul(cond, api.Sub(MaxRecoveryDelay, g.RecoveryDelay)), 22)
}

// atLeast is 1 when a >= b, for a, b in [0, 4].
func (b *builder) atLeast(x, y frontend.Variable) frontend.Variable {
	bits := b.api.ToBinary(b.api.Add(b.api.Sub(x, y), 4), 4) // in [0, 8]
	return b.api.Or(bits[2], bits[3])
}

func (b *builder) oneHot(bits []frontend.Variable) [MaxGuardians]frontend.Variable {
	api := b.api
	n0, n1 := api.Sub(1, bits[0]), api.Sub(1, bits[1])
	return [MaxGuardians]frontend.Variable{
		api.Mul(n0, n1), api.Mul(bits[0], n1), api.Mul(n0, bits[1]), api.Mul(bits[0], bits[1]),
	}
}

func (b *builder) bitsValue(bits []frontend.Variable) frontend.Variable {
	acc := frontend.Variable(0)
	for i, bit := range bits {
		acc = b.api.Add(acc, b.api.Mul(bit, 1<<i))
	}
	return acc
}

// isMaxU64 is 1 when v = 2^64 − 1.
func (b *builder) isMaxU64(v frontend.Variable) frontend.Variable {
	max := new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 64), big.NewInt(1))
	return b.api.IsZero(b.api.Sub(v, max))
}

// lessU64 is 1 when x < y, for x, y below 2^64: bit 64 of x − y + 2^64, which
// is in [1, 2^65), is 0 exactly then.
func (b *builder) lessU64(x, y frontend.Variable) frontend.Variable {
	bits := b.api.ToBinary(b.api.Add(b.api.Sub(x, y), new(big.Int).Lsh(big.NewInt(1), 64)), 65)
	return b.api.Sub(1, bits[64])
}

// ------------------------------------------------------------------ helpers

func (b *builder) rangeCheck(v frontend.Variable, bits int) {
	b.api.ToBinary(v, bits)
}

func (b *builder) assertBooleans(vs ...frontend.Variable) {
	for _, v := range vs {
		b.api.AssertIsBoolean(v)
	}
}

func (b *builder) assertEqualIf(cond, x, y frontend.Variable) {
	b.api.AssertIsEqual(b.api.Mul(cond, b.api.Sub(x, y)), 0)
}

func (b *builder) assertZeroIf(cond frontend.Variable, vs ...frontend.Variable) {
	for _, v := range vs {
		b.assertEqualIf(cond, v, 0)
	}
}
