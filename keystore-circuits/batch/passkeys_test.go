package batch

import (
	"encoding/hex"
	"math/big"
	"strings"
	"testing"

	"github.com/consensys/gnark-crypto/ecc"
	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
)

// The passkey schemes' batches (proof.md §9), written by the Java reference
// (keystore-state BatchWitnessVectorsTest) into batch-witness-passkeys-v1.json.
func passkeyVectors(t *testing.T) []batchVector {
	t.Helper()
	return loadBatchVectorFile(t, "batch-witness-passkeys-v1.json")
}

func TestEveryJavaPasskeyBatchWitnessSatisfiesItsCircuit(t *testing.T) {
	seen := map[string]bool{}
	for _, v := range passkeyVectors(t) {
		t.Run(v.Name, func(t *testing.T) {
			k, err := KindNamed(v.Circuit)
			if err != nil {
				t.Fatal(err)
			}
			if k.ID() != v.CircuitID {
				t.Fatalf("%s: id %d, Java says %d", k.Name(), k.ID(), v.CircuitID)
			}
			seen[v.Circuit] = true
			w := witnessOf(t, v)
			var want fr.Element
			if _, err := want.SetString(v.PublicInput); err != nil {
				t.Fatal(err)
			}
			if got := w.PublicInput(); !got.Equal(&want) {
				t.Fatalf("public input %s, Java computed %s", got.String(), want.String())
			}
			checkForcedIDs(t, v, w)
			if err := solve(t, w, true); err != nil {
				t.Fatal(err)
			}
		})
	}
	for _, name := range []string{"batch-1-p256", "batch-1-webauthn"} {
		if !seen[name] {
			t.Errorf("no vector for %s", name)
		}
	}
}

// A passkey batch's witness has the size of its circuit: a WebAuthn slot 632
// elements, a P-256 slot 118, like secp256k1's.
func TestPasskeyWitnessSizes(t *testing.T) {
	for name, want := range map[string]int{"batch-1": 4160, "batch-1-p256": 4160, "batch-1-webauthn": 4160 + 514*32} {
		k, err := KindNamed(name)
		if err != nil {
			t.Fatal(err)
		}
		if got := k.WitnessSize(); got != want {
			t.Errorf("%s: %d bytes, want %d", name, got, want)
		}
	}
	v := passkeyVector(t, "webauthn-update-creates-account")
	data, _ := hex.DecodeString(strings.TrimPrefix(v.Witness, "0x"))
	if _, err := ParseWitnessOf(Kind{1, SchemeP256}, data); err == nil || !strings.Contains(err.Error(), "want 4160 for batch-1-p256") {
		t.Fatalf("a WebAuthn witness parsed as P-256: %v", err)
	}
	if _, err := KindNamed("batch-4-webauthn"); err == nil {
		t.Fatal("batch-4-webauthn is not compiled")
	}
}

func passkeyVector(t *testing.T, name string) batchVector {
	t.Helper()
	for _, v := range passkeyVectors(t) {
		if v.Name == name {
			return v
		}
	}
	t.Fatalf("no passkey batch vector %q", name)
	return batchVector{}
}

// Each check of a signed passkey slot, broken alone, leaves the witness
// unsatisfiable: the signature, the key, the WebAuthn challenge, type, user
// presence and lengths. The header is untouched (none of these is public).
func TestABrokenPasskeySlotIsNotProvable(t *testing.T) {
	const (
		authLen   = SlotElements
		clientLen = SlotElements + 1
		authData  = SlotElements + 2
		client    = authData + 128
	)
	add := func(e *fr.Element, d uint64) { e.Add(e, new(fr.Element).SetUint64(d)) }
	cases := []struct {
		vector, name string
		mutate       func(s []fr.Element)
	}{
		{"p256-update-requests-rules-change", "signature s changed", func(s []fr.Element) { add(&s[iSignature+3], 1) }},
		{"p256-update-requests-rules-change", "signer key changed", func(s []fr.Element) { add(&s[iSignerKey+1], 1) }},
		{"p256-update-requests-rules-change", "high s (n − s)", func(s []fr.Element) { negateS(s, p256N) }},
		{"webauthn-update-requests-guardian-change", "signature r changed", func(s []fr.Element) { add(&s[iSignature+1], 1) }},
		{"webauthn-update-requests-guardian-change", "user-present flag cleared", func(s []fr.Element) {
			flags := s[authData+32].Uint64()
			s[authData+32].SetUint64(flags &^ 1)
		}},
		{"webauthn-update-requests-guardian-change", "challenge character changed", func(s []fr.Element) {
			c := s[client+40].Uint64()
			s[client+40].SetUint64(c ^ 1)
		}},
		{"webauthn-update-requests-guardian-change", "type webauthn.create", func(s []fr.Element) {
			for i, c := range []byte("create") {
				s[client+18+i].SetUint64(uint64(c))
			}
		}},
		{"webauthn-update-requests-guardian-change", "authenticatorData one byte longer", func(s []fr.Element) { add(&s[authLen], 1) }},
		{"webauthn-update-requests-guardian-change", "clientDataJSON one byte shorter", func(s []fr.Element) { add(&s[clientLen], ^uint64(0)) }},
		{"webauthn-update-requests-guardian-change", "a byte of clientDataJSON past the challenge changed", func(s []fr.Element) {
			n := s[clientLen].Uint64()
			s[client+int(n)-1].SetUint64(s[client+int(n)-1].Uint64() ^ 0x20)
		}},
		{"webauthn-update-requests-guardian-change", "not a byte", func(s []fr.Element) { add(&s[authData+40], 256) }},
	}
	for _, c := range cases {
		t.Run(c.vector+"/"+c.name, func(t *testing.T) {
			w := witnessOf(t, passkeyVector(t, c.vector))
			if err := solve(t, w, true); err != nil {
				t.Fatalf("the vector itself: %v", err)
			}
			c.mutate(w.Slots[0])
			if err := solve(t, w, true); err == nil {
				t.Fatal("the broken slot is provable")
			}
		})
	}
}

// A P-256 batch's witness has batch-1's shape, but batch-1 checks secp256k1:
// the same witness does not satisfy it.
func TestAP256BatchDoesNotSatisfyTheSecp256k1Circuit(t *testing.T) {
	v := passkeyVector(t, "p256-update-requests-rules-change")
	w := witnessOf(t, v)
	w.Kind = Secp256k1(1)
	if err := solve(t, w, true); err == nil {
		t.Fatal("a P-256 signature satisfies batch-1")
	}
}

// p256N is P-256's group order.
var p256N = ecc.SECP256R1.ScalarField()

// negateS replaces the slot's s by n − s (the high-s twin of a valid
// signature, which ECDSA alone accepts).
func negateS(s []fr.Element, n *big.Int) {
	hi, lo := s[iSignature+2].BigInt(new(big.Int)), s[iSignature+3].BigInt(new(big.Int))
	v := new(big.Int).Lsh(hi, 128)
	v.Add(v, lo)
	v.Sub(n, v)
	mask := new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 128), big.NewInt(1))
	s[iSignature+2].SetBigInt(new(big.Int).Rsh(v, 128))
	s[iSignature+3].SetBigInt(new(big.Int).And(v, mask))
}
