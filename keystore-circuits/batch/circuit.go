package batch

import (
	"fmt"
	"math/big"

	"github.com/consensys/gnark/frontend"

	"github.com/keystore-rollup/keystore-circuits/auth"
	"github.com/keystore-rollup/keystore-circuits/hashing"
)

// Circuit is the batch circuit with len(Slots) transaction slots. Its one
// public input is the Keccak-256 of the batch's header (docs/spec/proof.md §3).
type Circuit struct {
	PublicInput frontend.Variable `gnark:",public"`
	Header      Header
	Slots       []Slot

	scheme Scheme // of the signed slots (proof.md §9); not a witness
}

// Header is what the batch claims, as the L1 contract sees it (proof.md §2.1).
// The circuit recomputes the new root, the new leaf count, the transaction
// count and the published data from the slots and asserts the claims; the
// public input is the Keccak-256 of their bytes (proof.md §3).
type Header struct {
	DomainSeparator [2]frontend.Variable // EIP-712 domain separator, 128-bit halves, big-endian
	OldRoot         frontend.Variable
	NewRoot         frontend.Variable
	OldLeafCount    frontend.Variable
	NewLeafCount    frontend.Variable
	Time            frontend.Variable
	TxCount         frontend.Variable
	// ForcedIDs are the ids of the forced transactions (proof.md §7.3), as
	// 128-bit big-endian halves: F = min(S, 4) of them, the non-zero ones a
	// prefix; slot j holds forced transaction j exactly when ForcedIDs[j] ≠ 0.
	ForcedIDs [][2]frontend.Variable
	Published []Published // one per slot; zeros for the empty and rejected slots
}

// Published is what a batch publishes on L1 for one transaction: the account
// and its new leaf value (proof.md §4).
type Published struct {
	Account frontend.Variable
	Value   frontend.Variable
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
	// RecoveryVetoes are the guardians' veto bits of the pending recovery
	// (state.md §4.3): hashed with the approvals as approvals + 16·vetoes; in
	// the witness after the slot's other elements (proof.md §2.2, 114–117).
	RecoveryVetoes        [MaxGuardians]frontend.Variable
	UpdatePending         frontend.Variable
	UpdateGuardianSetHash frontend.Variable
	UpdateSpendingRules   frontend.Variable
	UpdateExecutableAfter frontend.Variable
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
	Created frontend.Variable // 1 when the account is absent from the tree: Leaf is the low leaf
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

	// TxCounter is the transaction's own nonce (types 1, 3) or recovery epoch
	// (type 2), which its signature covers (proof.md §7.4).
	TxCounter frontend.Variable
	// CreationCommitment is H_2(salt, initialConfigHash) when the transaction
	// carries a creation, else 0.
	CreationCommitment frontend.Variable

	// WebAuthn is the slot's assertion in a WebAuthn batch (one element;
	// proof.md §9), empty in the other schemes' batches.
	WebAuthn []auth.WebAuthn
}

// New returns the secp256k1 circuit's definition with the given number of slots.
func New(slots int) *Circuit { return NewOf(Secp256k1(slots)) }

// NewOf returns the definition of the circuit of a kind.
func NewOf(k Kind) *Circuit {
	c := &Circuit{
		Header: Header{ForcedIDs: make([][2]frontend.Variable, ForcedSlots(k.Slots)), Published: make([]Published, k.Slots)},
		Slots:  make([]Slot, k.Slots),
		scheme: k.Scheme,
	}
	if k.Scheme == SchemeWebAuthn {
		for i := range c.Slots {
			c.Slots[i].WebAuthn = make([]auth.WebAuthn, 1)
		}
	}
	return c
}

// Define implements frontend.Circuit: the state transition of the slots
// ([Circuit.transition]), then the header's claims about it
// ([Circuit.assertClaims]).
func (c *Circuit) Define(api frontend.API) error {
	t, err := c.transition(api)
	if err != nil {
		return err
	}
	return c.assertClaims(api, t)
}

// outcome is what the slots compute, which the header claims.
type outcome struct {
	b         *builder
	root      frontend.Variable
	leafCount frontend.Variable
	txCount   frontend.Variable
	published []Published
}

// transition constrains the time and every slot, applied in order to the old
// root and leaf count, and returns the outcome. It leaves the header's claims
// to [Circuit.assertClaims].
func (c *Circuit) transition(api frontend.API) (*outcome, error) {
	if len(c.Slots) == 0 || len(c.Header.Published) != len(c.Slots) || len(c.Header.ForcedIDs) != ForcedSlots(len(c.Slots)) {
		return nil, fmt.Errorf("batch: %d slots, %d published entries and %d forced ids (at least one slot, as many entries, min(slots, %d) ids)",
			len(c.Slots), len(c.Header.Published), len(c.Header.ForcedIDs), MaxForced)
	}
	h, err := hashing.NewGadget(api)
	if err != nil {
		return nil, err
	}
	k, err := auth.NewKeccak(api)
	if err != nil {
		return nil, err
	}
	scheme := c.scheme
	if scheme == 0 {
		scheme = SchemeSecp256k1 // a Circuit built without New
	}
	b := &builder{api: api, h: h, k: k, scheme: scheme}

	// time + MAX_RECOVERY_DELAY < 2^64 (transactions.md §6): every executableAfter
	// the batch computes is then a u64.
	b.rangeCheck(c.Header.Time, 64)
	b.rangeCheck(api.Add(c.Header.Time, MaxRecoveryDelay), 64)

	root := c.Header.OldRoot
	leafCount := c.Header.OldLeafCount
	txCount := frontend.Variable(0)
	previousActive := frontend.Variable(1)
	previousForced := frontend.Variable(1)
	published := make([]Published, len(c.Slots))
	for i := range c.Slots {
		// Slot i is forced when forced id i is non-zero (the halves are below
		// 2^128, checked by the public input's encoding, so their sum is 0 only
		// when both are); the forced ids form a prefix (proof.md §7.3).
		var forced frontend.Variable = 0
		var forcedID *[2]frontend.Variable
		if i < len(c.Header.ForcedIDs) {
			forcedID = &c.Header.ForcedIDs[i]
			forced = api.Sub(1, api.IsZero(api.Add(forcedID[0], forcedID[1])))
			api.AssertIsEqual(api.Mul(forced, api.Sub(1, previousForced)), 0)
			previousForced = forced
		}
		out, err := b.slot(&c.Slots[i], &c.Header, root, leafCount, forced, forcedID)
		if err != nil {
			return nil, fmt.Errorf("slot %d: %w", i, err)
		}
		// Transactions fill the first slots: an empty slot is followed by empty ones.
		api.AssertIsEqual(api.Mul(out.active, api.Sub(1, previousActive)), 0)
		previousActive = out.active
		root = out.root
		leafCount = out.leafCount
		txCount = api.Add(txCount, out.active)
		published[i] = Published{
			Account: api.Mul(out.applied, c.Slots[i].Account),
			Value:   api.Mul(out.applied, out.newValue),
		}
	}
	return &outcome{b: b, root: root, leafCount: leafCount, txCount: txCount, published: published}, nil
}

// assertClaims asserts the header's claims (new root, leaf count, transaction
// count, published data) against the outcome, and the public input against the
// header's bytes.
func (c *Circuit) assertClaims(api frontend.API, t *outcome) error {
	api.AssertIsEqual(t.root, c.Header.NewRoot)
	api.AssertIsEqual(t.leafCount, c.Header.NewLeafCount)
	api.AssertIsEqual(t.txCount, c.Header.TxCount)
	for i := range t.published {
		api.AssertIsEqual(t.published[i].Account, c.Header.Published[i].Account)
		api.AssertIsEqual(t.published[i].Value, c.Header.Published[i].Value)
	}
	pi, err := publicInput(api, t.b.k, &c.Header)
	if err != nil {
		return err
	}
	api.AssertIsEqual(pi, c.PublicInput)
	return nil
}

// publicInput is the Keccak-256 of the header's bytes with its top three bits
// cleared, so that it is a BN254 scalar (proof.md §3).
func publicInput(api frontend.API, k *auth.Keccak, hdr *Header) (frontend.Variable, error) {
	msg := append(k.Half(hdr.DomainSeparator[0]), k.Half(hdr.DomainSeparator[1])...)
	for _, root := range []frontend.Variable{hdr.OldRoot, hdr.NewRoot} {
		word, err := k.Word(auth.Word{Value: root, Bits: auth.BitsField})
		if err != nil {
			return nil, err
		}
		msg = append(msg, word...)
	}
	for _, v := range []frontend.Variable{hdr.OldLeafCount, hdr.NewLeafCount, hdr.Time, hdr.TxCount} {
		msg = append(msg, k.Bytes(v, 8)...)
	}
	for _, id := range hdr.ForcedIDs {
		msg = append(msg, k.Half(id[0])...)
		msg = append(msg, k.Half(id[1])...)
	}
	for _, p := range hdr.Published {
		msg = append(msg, k.Bytes(p.Account, 20)...)
		value, err := k.Word(auth.Word{Value: p.Value, Bits: auth.BitsField})
		if err != nil {
			return nil, err
		}
		msg = append(msg, value...)
	}
	digest := k.Sum(msg)
	top := k.LowBits(digest[0], 5)
	return api.Add(api.Mul(top, new(big.Int).Lsh(big.NewInt(1), 248)), k.Value(digest[1:])), nil
}
