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

// Witness layout (proof.md §2, §7): a header of 8 elements, two per forced
// id and two per slot, then one block per slot, each a 32-byte big-endian
// canonical field element.
const (
	SlotElements = 118
	ElementBytes = 32

	// MaxForced bounds the forced transactions of a batch: F = min(S, MaxForced)
	// (proof.md §7.3).
	MaxForced = 4
)

// ForcedSlots is F, the number of forced-capable slots of a batch of the given
// number of slots: the first min(slots, 4).
func ForcedSlots(slots int) int { return min(slots, MaxForced) }

// HeaderElements is the number of header elements of a batch of the given
// number of slots.
func HeaderElements(slots int) int { return 8 + 2*ForcedSlots(slots) + 2*slots }

// WitnessSize is the length in bytes of the witness of a batch of the given
// number of slots.
func WitnessSize(slots int) int {
	return (HeaderElements(slots) + slots*SlotElements) * ElementBytes
}

// Header element indices (proof.md §2.1, §7.3).
const (
	HeaderOldRoot      = 2
	HeaderNewRoot      = 3
	HeaderOldLeafCount = 4
	HeaderNewLeafCount = 5
	HeaderTime         = 6
	HeaderTxCount      = 7
	HeaderForcedIDs    = 8 // forcedIdHi_j, forcedIdLo_j at 8 + 2j, 9 + 2j
)

// HeaderPublished is the header index of slot i's published account (its
// value follows) in a batch of the given number of slots.
func HeaderPublished(slots, i int) int { return 8 + 2*ForcedSlots(slots) + 2*i }

// fields lists the header's variables in witness order.
func (h *Header) fields() []*frontend.Variable {
	f := []*frontend.Variable{
		&h.DomainSeparator[0], &h.DomainSeparator[1], &h.OldRoot, &h.NewRoot,
		&h.OldLeafCount, &h.NewLeafCount, &h.Time, &h.TxCount,
	}
	for j := range h.ForcedIDs {
		f = append(f, &h.ForcedIDs[j][0], &h.ForcedIDs[j][1])
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
	f = append(f, &s.TxCounter, &s.CreationCommitment)
	f = append(f, &c.RecoveryVetoes[0], &c.RecoveryVetoes[1], &c.RecoveryVetoes[2], &c.RecoveryVetoes[3])
	for i := range s.WebAuthn { // proof.md §9: a WebAuthn slot's 514 elements
		w := &s.WebAuthn[i]
		f = append(f, &w.AuthDataLen, &w.ClientDataLen)
		for j := range w.AuthData {
			f = append(f, &w.AuthData[j].Val)
		}
		for j := range w.ClientData {
			f = append(f, &w.ClientData[j].Val)
		}
	}
	return f
}

// Witness is a batch witness decoded into field elements.
type Witness struct {
	Kind   Kind
	Header []fr.Element   // HeaderElements(len(Slots))
	Slots  [][]fr.Element // Kind.SlotElements() each
}

// ParseWitness decodes witness bytes for a secp256k1 batch of the given
// number of slots, rejecting a wrong length and non-canonical elements.
func ParseWitness(slots int, data []byte) (*Witness, error) {
	return ParseWitnessOf(Secp256k1(slots), data)
}

// ParseWitnessOf decodes witness bytes for the batch circuit of a kind
// (proof.md §2, §9), rejecting a wrong length and non-canonical elements.
func ParseWitnessOf(k Kind, data []byte) (*Witness, error) {
	if err := k.valid(); err != nil {
		return nil, err
	}
	if len(data) != k.WitnessSize() {
		return nil, fmt.Errorf("batch witness: %d bytes, want %d for %s", len(data), k.WitnessSize(), k.Name())
	}
	slots, perSlot := k.Slots, k.SlotElements()
	elements := make([]fr.Element, len(data)/ElementBytes)
	for i := range elements {
		e, err := hashing.FromBytes(data[i*ElementBytes : (i+1)*ElementBytes])
		if err != nil {
			return nil, fmt.Errorf("batch witness: element %d: %w", i, err)
		}
		elements[i] = e
	}
	header := HeaderElements(slots)
	w := &Witness{Kind: k, Header: elements[:header]}
	for s := 0; s < slots; s++ {
		start := header + s*perSlot
		w.Slots = append(w.Slots, elements[start:start+perSlot])
	}
	return w, nil
}

// Bytes encodes the witness back to bytes.
func (w *Witness) Bytes() []byte {
	out := make([]byte, 0, w.kind().WitnessSize())
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

// kind is the witness's circuit: secp256k1 of its size unless parsed for another.
func (w *Witness) kind() Kind {
	if w.Kind.Scheme == 0 {
		return Secp256k1(len(w.Slots))
	}
	return w.Kind
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
	f := ForcedSlots(len(w.Slots))
	for i := HeaderForcedIDs; i < HeaderForcedIDs+2*f; i++ {
		out = append(out, tail(h[i], 16)...)
	}
	for i := HeaderForcedIDs + 2*f; i < len(h); i += 2 {
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
	c := NewOf(w.kind())
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

// Slot element indices (proof.md §2.2, §7.4).
const (
	iType            = 0
	iAccount         = 1
	iCreated         = 2 // absent: the account is not in the tree before the slot
	iSalt            = 3
	iOwner           = 4
	iThreshold       = 5
	iDelay           = 6
	iGuardian0       = 7
	iRules           = 11
	iNonce           = 12
	iEpoch           = 13
	iRecoveryPending = 14
	iRecoveryOwner   = 15
	iApproval0       = 16
	iRecoveryExec    = 20
	iUpdatePending   = 21
	iUpdateGs        = 22
	iUpdateRules     = 23
	iUpdateExec      = 24
	iNewOwner        = 25
	iNewThreshold    = 26
	iNewDelay        = 27
	iNewGuardian0    = 28
	iNewRules        = 32
	iGuardianIndex   = 33
	iProposedOwner   = 34
	iSignerKey       = 35
	iSignature       = 39
	iLeafIndex       = 43
	iLeaf            = 44
	iLeafSiblings    = 47
	iNewLeafIndex    = 79
	iNewLeafSiblings = 80
	iTxCounter       = 112
	iCreation        = 113
	iVeto0           = 114 // recoveryVeto[0..3], appended (issue 17)
)

// ForcedIDs are the header's forced ids (proof.md §7.3), F of them, zero past
// the forced count.
func (w *Witness) ForcedIDs() [][32]byte {
	f := ForcedSlots(len(w.Slots))
	ids := make([][32]byte, f)
	for j := range ids {
		hi, lo := w.Header[HeaderForcedIDs+2*j].Bytes(), w.Header[HeaderForcedIDs+2*j+1].Bytes()
		copy(ids[j][:16], hi[16:])
		copy(ids[j][16:], lo[16:])
	}
	return ids
}

// SetForcedID writes forced id j into the header as its 128-bit halves.
func (w *Witness) SetForcedID(j int, id [32]byte) {
	w.Header[HeaderForcedIDs+2*j].SetBytes(id[:16])
	w.Header[HeaderForcedIDs+2*j+1].SetBytes(id[16:])
}

// ForcedCount is the number of non-zero forced ids (they form a prefix in a
// valid batch).
func (w *Witness) ForcedCount() int {
	n := 0
	for _, id := range w.ForcedIDs() {
		if id != ([32]byte{}) {
			n++
		}
	}
	return n
}

// ForceID is the forced transaction id (proof.md §7.2) of the transaction in
// slot i, computed from the slot as the circuit does:
//
//	keccak256(0x0000 ‖ type ‖ guardianIndex ‖ counter (u64) ‖ account (20) ‖ w2 ‖ keyHash(signerKey) ‖ creationCommitment)
func (w *Witness) ForceID(i int) [32]byte {
	s := w.Slots[i]
	t := s[iType].Uint64()
	signed := t >= TypeUpdateConfig && t <= TypeCancelRecovery
	var w1 [32]byte
	w1[2] = byte(t)
	if t == TypeApproveRecovery {
		w1[3] = byte(s[iGuardianIndex].Uint64())
	}
	if signed {
		c := s[iTxCounter].Bytes()
		copy(w1[4:12], c[24:])
	}
	a := s[iAccount].Bytes()
	copy(w1[12:], a[12:])
	var w2, w3 fr.Element
	switch t {
	case TypeUpdateConfig:
		w2 = updateCommitment(s)
	case TypeApproveRecovery:
		w2 = s[iProposedOwner]
	}
	if signed {
		w3 = chain(DomainKey, append([]fr.Element{fr.NewElement(uint64(w.kind().Scheme))}, s[iSignerKey:iSignerKey+4]...)...)
	}
	b2, b3, b4 := w2.Bytes(), w3.Bytes(), s[iCreation].Bytes()
	return auth.Keccak256(w1[:], b2[:], b3[:], b4[:])
}

// updateCommitment is an UpdateConfig slot's newConfigCommitment
// (transactions.md §4.3).
func updateCommitment(s []fr.Element) fr.Element {
	gs := chain(DomainGuardians, s[iNewThreshold:iNewThreshold+6]...)
	return chain(DomainUpdateRequest, s[iNewOwner], gs, s[iNewRules])
}

// chain is the tagged Poseidon2 chain H_tag(x_1, ..., x_n) (hashing.md §3).
func chain(tag uint64, xs ...fr.Element) fr.Element {
	acc := fr.NewElement(tag)
	for _, x := range xs {
		acc = hashing.Compress(acc, x)
	}
	return acc
}
