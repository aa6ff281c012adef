package batch

import (
	"fmt"
	"math/big"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/consensys/gnark/frontend"

	"github.com/keystore-rollup/keystore-circuits/auth"
	"github.com/keystore-rollup/keystore-circuits/hashing"
)

// Constants of the state and transaction specs (docs/spec/state.md,
// docs/spec/transactions.md).
const (
	MaxGuardians     = 4
	MinRecoveryDelay = 3600
	MaxRecoveryDelay = 2592000

	KeySchemeSecp256k1 = 1

	TypeEmpty            = 0
	TypeUpdateConfig     = 1
	TypeApproveRecovery  = 2
	TypeCancelRecovery   = 3
	TypeFinaliseRecovery = 4
)

// Domain tags (state.md §2).
const (
	DomainAddress         = 2
	DomainConfig          = 3
	DomainKey             = 4
	DomainGuardians       = 5
	DomainPendingRecovery = 6
	DomainPendingUpdate   = 7
	DomainUpdateRequest   = 8
)

// Witness layout (proof.md §2): a header of 8 elements and two per slot, then
// one block per slot, each a 32-byte big-endian canonical field element.
const (
	SlotElements = 112
	ElementBytes = 32
)

// HeaderElements is the number of header elements of a batch of the given
// number of slots.
func HeaderElements(slots int) int { return 8 + 2*slots }

// WitnessSize is the length in bytes of the witness of a batch of the given
// number of slots.
func WitnessSize(slots int) int {
	return (HeaderElements(slots) + slots*SlotElements) * ElementBytes
}

// fields lists the header's variables in witness order.
func (h *Header) fields() []*frontend.Variable {
	f := []*frontend.Variable{
		&h.DomainSeparator[0], &h.DomainSeparator[1], &h.OldRoot, &h.NewRoot,
		&h.OldLeafCount, &h.NewLeafCount, &h.Time, &h.TxCount,
	}
	for i := range h.Published {
		f = append(f, &h.Published[i].Account, &h.Published[i].Value)
	}
	return f
}

func (g *GuardianSet) fields() []*frontend.Variable {
	return []*frontend.Variable{&g.Threshold, &g.RecoveryDelay,
		&g.Guardians[0], &g.Guardians[1], &g.Guardians[2], &g.Guardians[3]}
}

// fields lists the slot's variables in witness order (proof.md §2.2).
func (s *Slot) fields() []*frontend.Variable {
	c := &s.Current
	f := []*frontend.Variable{&s.Type, &s.Account, &s.Created, &s.Salt, &c.OwnerKeyHash}
	f = append(f, c.GuardianSet.fields()...)
	f = append(f, &c.SpendingRulesHash, &c.Nonce, &c.RecoveryEpoch,
		&c.RecoveryPending, &c.RecoveryProposedOwner,
		&c.RecoveryApprovals[0], &c.RecoveryApprovals[1], &c.RecoveryApprovals[2], &c.RecoveryApprovals[3],
		&c.RecoveryExecutableAfter,
		&c.UpdatePending, &c.UpdateGuardianSetHash, &c.UpdateSpendingRules, &c.UpdateExecutableAfter,
		&s.NewSettings.OwnerKeyHash)
	f = append(f, s.NewSettings.GuardianSet.fields()...)
	f = append(f, &s.NewSettings.SpendingRulesHash, &s.GuardianIndex, &s.ProposedOwnerKeyHash,
		&s.SignerKey.XHi, &s.SignerKey.XLo, &s.SignerKey.YHi, &s.SignerKey.YLo,
		&s.Signature.RHi, &s.Signature.RLo, &s.Signature.SHi, &s.Signature.SLo,
		&s.LeafIndex, &s.Leaf[0], &s.Leaf[1], &s.Leaf[2])
	for i := range s.LeafSiblings {
		f = append(f, &s.LeafSiblings[i])
	}
	f = append(f, &s.NewLeafIndex)
	for i := range s.NewLeafSiblings {
		f = append(f, &s.NewLeafSiblings[i])
	}
	return f
}

// Witness is a batch witness decoded into field elements.
type Witness struct {
	Header []fr.Element   // HeaderElements(len(Slots))
	Slots  [][]fr.Element // SlotElements each
}

// ParseWitness decodes witness bytes for a batch of the given number of
// slots, rejecting a wrong length and non-canonical elements.
func ParseWitness(slots int, data []byte) (*Witness, error) {
	if len(data) != WitnessSize(slots) {
		return nil, fmt.Errorf("batch witness: %d bytes, want %d for %d slots", len(data), WitnessSize(slots), slots)
	}
	elements := make([]fr.Element, len(data)/ElementBytes)
	for i := range elements {
		e, err := hashing.FromBytes(data[i*ElementBytes : (i+1)*ElementBytes])
		if err != nil {
			return nil, fmt.Errorf("batch witness: element %d: %w", i, err)
		}
		elements[i] = e
	}
	header := HeaderElements(slots)
	w := &Witness{Header: elements[:header]}
	for s := 0; s < slots; s++ {
		start := header + s*SlotElements
		w.Slots = append(w.Slots, elements[start:start+SlotElements])
	}
	return w, nil
}

// Bytes encodes the witness back to bytes.
func (w *Witness) Bytes() []byte {
	out := make([]byte, 0, WitnessSize(len(w.Slots)))
	appendAll := func(es []fr.Element) {
		for i := range es {
			b := es[i].Bytes()
			out = append(out, b[:]...)
		}
	}
	appendAll(w.Header)
	for _, s := range w.Slots {
		appendAll(s)
	}
	return out
}

// PublicBytes are the bytes the public input hashes (proof.md §3): what the L1
// contract hashes from its calldata.
func (w *Witness) PublicBytes() []byte {
	h := w.Header
	tail := func(e fr.Element, n int) []byte {
		b := e.Bytes()
		return b[32-n:]
	}
	var out []byte
	out = append(out, tail(h[0], 16)...)
	out = append(out, tail(h[1], 16)...)
	out = append(out, tail(h[2], 32)...)
	out = append(out, tail(h[3], 32)...)
	for i := 4; i < 8; i++ {
		out = append(out, tail(h[i], 8)...)
	}
	for i := 8; i < len(h); i += 2 {
		out = append(out, tail(h[i], 20)...)
		out = append(out, tail(h[i+1], 32)...)
	}
	return out
}

// PublicInput is the batch's public input computed natively from its header:
// Keccak-256 of [Witness.PublicBytes] with the top three bits cleared.
func (w *Witness) PublicInput() fr.Element {
	digest := auth.Keccak256(w.PublicBytes())
	digest[0] &= 0x1f
	var e fr.Element
	e.SetBytes(digest[:])
	return e
}

// Assignment is the full circuit assignment of the witness.
func (w *Witness) Assignment() *Circuit {
	c := New(len(w.Slots))
	assign(c.Header.fields(), w.Header)
	for i := range c.Slots {
		assign(c.Slots[i].fields(), w.Slots[i])
	}
	pi := w.PublicInput()
	c.PublicInput = pi.BigInt(new(big.Int))
	return c
}

func assign(vars []*frontend.Variable, values []fr.Element) {
	if len(vars) != len(values) {
		panic(fmt.Sprintf("batch: %d variables for %d values", len(vars), len(values)))
	}
	for i := range vars {
		*vars[i] = values[i].BigInt(new(big.Int))
	}
}
