package batch

import (
	"fmt"

	"github.com/keystore-rollup/keystore-circuits/auth"
)

// Scheme is the key scheme of a batch's signers (passkeys.md §1).
type Scheme int

// The key schemes (state.md §3, passkeys.md §1).
const (
	SchemeSecp256k1 Scheme = KeySchemeSecp256k1
	SchemeP256      Scheme = 2
	SchemeWebAuthn  Scheme = 3
)

// WebAuthnElements is what a WebAuthn slot appends to the 118 elements of
// proof.md §2.2 (proof.md §9): the two lengths, then authenticatorData and
// clientDataJSON one byte per element, zero-padded to their bounds.
const WebAuthnElements = 2 + auth.WebAuthnMaxAuthData + auth.WebAuthnMaxClientData

// Kind is a batch circuit's shape: its number of slots and the key scheme of
// its signed slots (proof.md §9). Unsigned slots fit a batch of any scheme.
type Kind struct {
	Slots  int
	Scheme Scheme
}

// Kinds are the compiled batch circuits: batch-1, batch-4 and batch-16 for
// secp256k1, and one slot for each passkey scheme.
var Kinds = []Kind{
	{1, SchemeSecp256k1}, {4, SchemeSecp256k1}, {16, SchemeSecp256k1},
	{1, SchemeP256}, {1, SchemeWebAuthn},
}

// Secp256k1 is the secp256k1 batch circuit of the given size.
func Secp256k1(slots int) Kind { return Kind{Slots: slots, Scheme: SchemeSecp256k1} }

// Name is the circuit's registered name: batch-S for secp256k1, batch-S-p256
// and batch-S-webauthn.
func (k Kind) Name() string {
	switch k.Scheme {
	case SchemeP256:
		return fmt.Sprintf("batch-%d-p256", k.Slots)
	case SchemeWebAuthn:
		return fmt.Sprintf("batch-%d-webauthn", k.Slots)
	default:
		return fmt.Sprintf("batch-%d", k.Slots)
	}
}

// ID is the circuit id the L1 contract keys its verifiers by: slots +
// 256·(scheme − 1) (proof.md §9).
func (k Kind) ID() int { return k.Slots + 256*(int(k.Scheme)-1) }

// SlotElements is the number of witness elements per slot.
func (k Kind) SlotElements() int {
	if k.Scheme == SchemeWebAuthn {
		return SlotElements + WebAuthnElements
	}
	return SlotElements
}

// WitnessSize is the length in bytes of the circuit's witness.
func (k Kind) WitnessSize() int {
	return (HeaderElements(k.Slots) + k.Slots*k.SlotElements()) * ElementBytes
}

func (k Kind) valid() error {
	if k.Slots < 1 || k.Slots > 255 {
		return fmt.Errorf("batch: %d slots (1 to 255)", k.Slots)
	}
	if k.Scheme < SchemeSecp256k1 || k.Scheme > SchemeWebAuthn {
		return fmt.Errorf("batch: unknown key scheme %d", k.Scheme)
	}
	return nil
}

// KindNamed is the compiled batch circuit of a registered name (batch-1,
// batch-1-webauthn, ...).
func KindNamed(name string) (Kind, error) {
	for _, k := range Kinds {
		if k.Name() == name {
			return k, nil
		}
	}
	return Kind{}, fmt.Errorf("batch: no batch circuit named %q", name)
}
