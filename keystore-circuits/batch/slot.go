package batch

import (
	"math/big"

	"github.com/consensys/gnark/frontend"

	"github.com/keystore-rollup/keystore-circuits/auth"
	"github.com/keystore-rollup/keystore-circuits/hashing"
)

// builder holds what every slot's constraints need.
type builder struct {
	api frontend.API
	h   *hashing.Gadget
}

// slotOut is what a slot hands to the next one.
type slotOut struct {
	root      frontend.Variable
	leafCount frontend.Variable
	active    frontend.Variable // 1 for a transaction, 0 for an empty slot
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
// to docs/spec/transactions.md §6.
func (b *builder) slot(s *Slot, hdr *Header, root, leafCount frontend.Variable) (slotOut, error) {
	api := b.api
	k := b.kind(s.Type)
	cur := &s.Current

	// A created account's first transaction is an UpdateConfig or an ApproveRecovery (§3).
	api.AssertIsBoolean(s.Created)
	api.AssertIsEqual(api.Mul(s.Created, api.Sub(1, api.Add(k.update, k.approve))), 0)

	// The current configuration and its hash (state.md §4).
	b.assertBooleans(cur.RecoveryPending, cur.UpdatePending)
	b.assertBooleans(cur.RecoveryApprovals[:]...)
	gsHash := b.guardianSetHash(&cur.GuardianSet)
	approvals := b.bitsValue(cur.RecoveryApprovals[:])
	prHash := api.Select(cur.RecoveryPending,
		b.chain(DomainPendingRecovery, cur.RecoveryProposedOwner, approvals, cur.RecoveryExecutableAfter), 0)
	puHash := api.Select(cur.UpdatePending,
		b.chain(DomainPendingUpdate, cur.UpdateGuardianSetHash, cur.UpdateSpendingRules, cur.UpdateExecutableAfter), 0)
	curHash := b.configHash(cur.OwnerKeyHash, gsHash, cur.SpendingRulesHash, cur.Nonce, cur.RecoveryEpoch, prHash, puHash)

	// §6.1.4: a created account starts from the initial configuration of valid
	// settings that hash to its address.
	b.assertZeroIf(s.Created, cur.Nonce, cur.RecoveryEpoch, cur.RecoveryPending, cur.UpdatePending)
	b.assertValidSettingsIf(s.Created, &cur.GuardianSet)
	b.assertEqualIf(s.Created, b.address(s.Salt, curHash), s.Account)

	// Authorisation (§4): the owner signs UpdateConfig and CancelRecovery, guardian
	// GuardianIndex signs ApproveRecovery; FinaliseRecovery is unsigned.
	newGsHash := b.guardianSetHash(&s.NewSettings.GuardianSet)
	commitment := b.chain(DomainUpdateRequest, s.NewSettings.OwnerKeyHash, newGsHash, s.NewSettings.SpendingRulesHash)
	gi := api.ToBinary(s.GuardianIndex, 2)
	guardianKeyHash := api.Lookup2(gi[0], gi[1],
		cur.GuardianSet.Guardians[0], cur.GuardianSet.Guardians[1], cur.GuardianSet.Guardians[2], cur.GuardianSet.Guardians[3])
	// §6.3.1 NOT_A_GUARDIAN: the index names a guardian.
	api.AssertIsEqual(api.Mul(k.approve, api.IsZero(guardianKeyHash)), 0)
	if err := b.authorise(s, hdr, k, api.Select(k.approve, guardianKeyHash, cur.OwnerKeyHash), commitment); err != nil {
		return slotOut{}, err
	}

	// Counters never wrap (COUNTER_OVERFLOW).
	b.assertNotMaxU64If(api.Add(k.update, k.cancel), cur.Nonce)
	b.assertNotMaxU64If(api.Add(k.cancel, k.finalise), cur.RecoveryEpoch)

	time := hdr.Time
	delay := cur.GuardianSet.RecoveryDelay
	prReached := api.Mul(cur.RecoveryPending, api.Sub(1, api.IsZero(cur.RecoveryExecutableAfter)))

	// §6.2 UpdateConfig.
	b.assertValidSettingsIf(k.update, &s.NewSettings.GuardianSet)
	noGuardians := api.IsZero(cur.GuardianSet.Guardians[0]) // guardians fill slots 0..n-1
	atOnce := api.Mul(k.update, noGuardians)
	unchanged := api.Mul(api.IsZero(api.Sub(newGsHash, gsHash)), api.IsZero(api.Sub(s.NewSettings.SpendingRulesHash, cur.SpendingRulesHash)))
	requestsUpdate := api.Mul(api.Sub(k.update, atOnce), api.Sub(1, unchanged))
	requestedHash := b.chain(DomainPendingUpdate, newGsHash, s.NewSettings.SpendingRulesHash, api.Add(time, delay))

	// §6.3 ApproveRecovery.
	same := api.Mul(cur.RecoveryPending, api.IsZero(api.Sub(cur.RecoveryProposedOwner, s.ProposedOwnerKeyHash)))
	// RECOVERY_IN_PROGRESS: a new proposal only replaces one under its threshold.
	api.AssertIsEqual(api.Mul(k.approve, api.Sub(1, same), prReached), 0)
	onehot := b.oneHot(gi)
	var newBits [MaxGuardians]frontend.Variable
	for j := range newBits {
		// DUPLICATE_APPROVAL: the guardian's bit is not set yet on the same proposal.
		api.AssertIsEqual(api.Mul(k.approve, same, onehot[j], cur.RecoveryApprovals[j]), 0)
		newBits[j] = api.Add(api.Mul(same, cur.RecoveryApprovals[j]), onehot[j])
	}
	baseExec := api.Mul(same, cur.RecoveryExecutableAfter)
	reached := b.atLeast(api.Mul(k.approve, api.Add(newBits[0], newBits[1], newBits[2], newBits[3])),
		api.Mul(k.approve, cur.GuardianSet.Threshold))
	newlyReached := api.Mul(k.approve, reached, api.IsZero(baseExec))
	newExec := api.Select(newlyReached, api.Add(time, delay), baseExec)
	approvedHash := b.chain(DomainPendingRecovery, s.ProposedOwnerKeyHash, b.bitsValue(newBits[:]), newExec)

	// §6.4 CancelRecovery: something to cancel.
	api.AssertIsEqual(api.Mul(k.cancel, api.Sub(1, cur.RecoveryPending)), 0)

	// §6.5 FinaliseRecovery: a recovery past its threshold first, else a pending
	// update, each once due.
	finRecovery := api.Mul(k.finalise, prReached)
	finUpdate := api.Mul(k.finalise, api.Sub(1, prReached), cur.UpdatePending)
	api.AssertIsEqual(api.Mul(k.finalise, api.Sub(1, prReached), api.Sub(1, cur.UpdatePending)), 0)
	b.rangeCheck(api.Mul(finRecovery, api.Sub(time, cur.RecoveryExecutableAfter)), 64) // DELAY_NOT_PASSED
	b.rangeCheck(api.Mul(finUpdate, api.Sub(time, cur.UpdateExecutableAfter)), 64)     // DELAY_NOT_PASSED

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
	puKept := api.Sub(1, api.Add(k.update, newlyReached, k.finalise)) // a cancel keeps it, so does an approval under the threshold
	nPuHash := api.Add(api.Mul(requestsUpdate, requestedHash), api.Mul(puKept, puHash))
	newHash := b.configHash(owner, nGs, nRules, nonce, epoch, nPrHash, nPuHash)

	root, leafCount = b.writeLeaf(s, k, root, leafCount, curHash, newHash)
	return slotOut{root: root, leafCount: leafCount, active: k.active, newValue: newHash}, nil
}

// authorise checks the slot's EIP-712 signature by the key whose keyHash is
// signerKeyHash (transactions.md §4).
func (b *builder) authorise(s *Slot, hdr *Header, k kind, signerKeyHash, commitment frontend.Variable) error {
	api := b.api
	signed := api.Add(k.update, k.approve, k.cancel)
	key := s.SignerKey
	keyHash := b.chain(DomainKey, KeySchemeSecp256k1, key.XHi, key.XLo, key.YHi, key.YLo)
	b.assertEqualIf(signed, keyHash, signerKeyHash)

	cur := &s.Current
	// UpdateConfig(account, nonce, newConfigCommitment), ApproveRecovery(account,
	// newOwnerKeyHash, recoveryEpoch), CancelRecovery(account, nonce): the nonce and
	// epoch signed are the account's current ones, which is the BAD_NONCE and
	// BAD_RECOVERY_EPOCH rule.
	// auth.KeystoreStructs() order: 0 UpdateConfig, 1 ApproveRecovery, 2 CancelRecovery.
	typeIndex := api.Add(k.approve, api.Mul(k.cancel, 2))
	words := []frontend.Variable{
		s.Account,
		api.Select(k.approve, s.ProposedOwnerKeyHash, cur.Nonce),
		api.Select(k.update, commitment, cur.RecoveryEpoch),
	}
	return auth.AssertSignedOneOfIf(api, signed, typeIndex, auth.KeystoreStructs(), hdr.DomainSeparator, words, key, s.Signature)
}

// writeLeaf applies the tree change of an active slot: an update of the
// account's leaf, or an insertion (witness.md §2, §3). An empty slot leaves the
// root and the leaf count as they are, whatever its witness holds.
func (b *builder) writeLeaf(s *Slot, k kind, root, leafCount, curHash, newHash frontend.Variable) (frontend.Variable, frontend.Variable) {
	api, h := b.api, b.h
	created := s.Created
	updated := api.Sub(k.active, created)
	key, next, value := s.Leaf[0], s.Leaf[1], s.Leaf[2]

	bitsA := api.ToBinary(s.LeafIndex, hashing.TreeDepth)
	bitsB := api.ToBinary(s.NewLeafIndex, hashing.TreeDepth)

	// The leaf (update) or the low leaf (insertion) is in the tree.
	b.assertEqualIf(k.active, h.RootFromPath(h.LeafHash(key, next, value), bitsA, s.LeafSiblings[:]), root)

	// Update: it is the account's leaf, holding the current configuration; the
	// sentinel (key 0) is never updated.
	b.assertEqualIf(updated, key, s.Account)
	b.assertEqualIf(updated, value, curHash)
	api.AssertIsEqual(api.Mul(updated, api.IsZero(s.Account)), 0)

	// Insertion: the low leaf brackets the new key, so the key is absent.
	api.AssertIsEqual(api.Mul(created, api.IsZero(s.Account)), 0)
	b.rangeCheck(api.Mul(created, api.Sub(api.Sub(s.Account, key), 1)), 160)
	nextSet := api.Sub(1, api.IsZero(next))
	b.rangeCheck(api.Mul(created, nextSet, api.Sub(api.Sub(next, s.Account), 1)), 160)

	// Step one: the leaf gets its new value, or the low leaf points at the new key.
	changed := h.LeafHash(key, api.Select(created, s.Account, next), api.Select(created, value, newHash))
	afterA := h.RootFromPath(changed, bitsA, s.LeafSiblings[:])

	// Step two (insertion): the empty slot at the next free index gets the new leaf.
	b.assertEqualIf(created, h.RootFromPath(0, bitsB, s.NewLeafSiblings[:]), afterA)
	b.assertEqualIf(created, s.NewLeafIndex, leafCount)
	afterB := h.RootFromPath(h.LeafHash(s.Account, next, newHash), bitsB, s.NewLeafSiblings[:])

	newRoot := api.Select(k.active, api.Select(created, afterB, afterA), root)
	return newRoot, api.Add(leafCount, created)
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

// address is the low 160 bits of H_2(salt, configHash), from the canonical
// (strictly range-checked) 254-bit decomposition (state.md §5).
func (b *builder) address(salt, configHash frontend.Variable) frontend.Variable {
	bits := b.api.ToBinary(b.chain(DomainAddress, salt, configHash), 254)
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

func (b *builder) assertNotMaxU64If(cond, v frontend.Variable) {
	max := new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 64), big.NewInt(1))
	b.api.AssertIsEqual(b.api.Mul(cond, b.api.IsZero(b.api.Sub(v, max))), 0)
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
