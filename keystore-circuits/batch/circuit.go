package batch

import (
	"fmt"

	"github.com/consensys/gnark/frontend"

	"github.com/keystore-rollup/keystore-circuits/auth"
	"github.com/keystore-rollup/keystore-circuits/hashing"
)

// Circuit is the batch circuit with len(Slots) transaction slots. Its one
// public input is the hash of the batch's header (docs/spec/proof.md §3).
type Circuit struct {
	PublicInput frontend.Variable `gnark:",public"`
	Header      Header
	Slots       []Slot

	// skipClaims leaves the header's claims (new root, leaf count, transaction
	// count, data commitment, public input) unchecked: for tests that break one
	// rule in one slot and need every other constraint to hold. Never set in a
	// compiled circuit.
	skipClaims bool `gnark:"-"`
}

// Header is what the batch claims, as the L1 contract sees it. The circuit
// recomputes the new root, the new leaf count, the transaction count and the
// data commitment from the slots and asserts the claims.
type Header struct {
	DomainSeparator [2]frontend.Variable // EIP-712 domain separator, 128-bit halves, big-endian
	OldRoot         frontend.Variable
	NewRoot         frontend.Variable
	OldLeafCount    frontend.Variable
	NewLeafCount    frontend.Variable
	Time            frontend.Variable
	TxCount         frontend.Variable
	DataCommitment  frontend.Variable
}

// GuardianSet is a guardian set's preimage (state.md §4.2).
type GuardianSet struct {
	Threshold     frontend.Variable
	RecoveryDelay frontend.Variable
	Guardians     [MaxGuardians]frontend.Variable // keyHash of each guardian, 0 for an empty slot
}

// Config is an account configuration's preimage (state.md §4.5), with the
// guardian set opened and the pending update closed (its guardian set enters
// only by hash).
type Config struct {
	OwnerKeyHash            frontend.Variable
	GuardianSet             GuardianSet
	SpendingRulesHash       frontend.Variable
	Nonce                   frontend.Variable
	RecoveryEpoch           frontend.Variable
	RecoveryPending         frontend.Variable
	RecoveryProposedOwner   frontend.Variable // keyHash
	RecoveryApprovals       [MaxGuardians]frontend.Variable
	RecoveryExecutableAfter frontend.Variable
	UpdatePending           frontend.Variable
	UpdateGuardianSetHash   frontend.Variable
	UpdateSpendingRules     frontend.Variable
	UpdateExecutableAfter   frontend.Variable
}

// Settings are what an owner chooses (state.md §4.1), as UpdateConfig carries
// them.
type Settings struct {
	OwnerKeyHash      frontend.Variable
	GuardianSet       GuardianSet
	SpendingRulesHash frontend.Variable
}

// Slot is one transaction slot (docs/spec/proof.md §2.2).
type Slot struct {
	Type    frontend.Variable // 0 empty, 1 UpdateConfig, 2 ApproveRecovery, 3 CancelRecovery, 4 FinaliseRecovery
	Account frontend.Variable
	Created frontend.Variable // 1 when the account was absent: the leaf is inserted
	Salt    frontend.Variable

	Current     Config
	NewSettings Settings

	GuardianIndex        frontend.Variable
	ProposedOwnerKeyHash frontend.Variable

	SignerKey auth.Key
	Signature auth.Signature

	LeafIndex       frontend.Variable
	Leaf            [3]frontend.Variable // key, nextKey, value: the account's leaf, or the low leaf on insertion
	LeafSiblings    [hashing.TreeDepth]frontend.Variable
	NewLeafIndex    frontend.Variable
	NewLeafSiblings [hashing.TreeDepth]frontend.Variable
}

// New returns the circuit's definition with the given number of slots.
func New(slots int) *Circuit {
	return &Circuit{Slots: make([]Slot, slots)}
}

// Define implements frontend.Circuit.
func (c *Circuit) Define(api frontend.API) error {
	if len(c.Slots) == 0 {
		return fmt.Errorf("batch: a batch circuit needs at least one slot")
	}
	h, err := hashing.NewGadget(api)
	if err != nil {
		return err
	}
	b := &builder{api: api, h: h}

	// time + MAX_RECOVERY_DELAY < 2^64 (transactions.md §6): every executableAfter
	// the batch computes is then a u64.
	b.rangeCheck(c.Header.Time, 64)
	b.rangeCheck(api.Add(c.Header.Time, MaxRecoveryDelay), 64)

	root := c.Header.OldRoot
	leafCount := c.Header.OldLeafCount
	txCount := frontend.Variable(0)
	data := frontend.Variable(DomainBatchData)
	for i := range c.Slots {
		out, err := b.slot(&c.Slots[i], &c.Header, root, leafCount)
		if err != nil {
			return fmt.Errorf("slot %d: %w", i, err)
		}
		root = out.root
		leafCount = out.leafCount
		txCount = api.Add(txCount, out.active)
		extended := h.Compress(h.Compress(data, c.Slots[i].Account), out.newValue)
		data = api.Select(out.active, extended, data)
	}
	if c.skipClaims {
		return nil
	}
	api.AssertIsEqual(root, c.Header.NewRoot)
	api.AssertIsEqual(leafCount, c.Header.NewLeafCount)
	api.AssertIsEqual(txCount, c.Header.TxCount)
	api.AssertIsEqual(data, c.Header.DataCommitment)

	pi := b.chain(DomainPublicInput,
		c.Header.DomainSeparator[0], c.Header.DomainSeparator[1],
		c.Header.OldRoot, c.Header.NewRoot,
		c.Header.OldLeafCount, c.Header.NewLeafCount,
		c.Header.Time, c.Header.TxCount, c.Header.DataCommitment)
	api.AssertIsEqual(pi, c.PublicInput)
	return nil
}
