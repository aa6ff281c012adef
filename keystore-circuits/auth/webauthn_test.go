package auth

import (
	"encoding/json"
	"math/big"
	"testing"

	"github.com/consensys/gnark-crypto/ecc"
	"github.com/consensys/gnark/frontend"
	"github.com/consensys/gnark/frontend/cs/r1cs"
	"github.com/consensys/gnark/std/math/uints"
	"github.com/consensys/gnark/test"

	"github.com/keystore-rollup/keystore-circuits/internal/stats"
)

// webAuthnCircuit is AssertWebAuthnSignedDigestIf over a 32-byte digest witness.
type webAuthnCircuit struct {
	Enabled   frontend.Variable
	Digest    [32]uints.U8
	Assertion WebAuthn
	Key       Key
	Sig       Signature
}

func (c *webAuthnCircuit) Define(api frontend.API) error {
	api.AssertIsBoolean(c.Enabled)
	digest, err := checkedDigest(api, c.Digest)
	if err != nil {
		return err
	}
	return AssertWebAuthnSignedDigestIf(api, c.Enabled, digest, c.Assertion, c.Key, c.Sig)
}

// webAuthnCase is one assertion of test-vectors/passkeys-v1.json's "webauthn"
// list (made with @noble/curves, checked with @simplewebauthn/server).
type webAuthnCase struct {
	Name              string `json:"name"`
	PublicKey         string `json:"publicKey"`
	Digest            string `json:"digest"`
	AuthenticatorData string `json:"authenticatorData"`
	ClientDataJSON    string `json:"clientDataJSON"`
	R                 string `json:"r"`
	S                 string `json:"s"`
	Expect            string `json:"expect"`
}

func webAuthnVectors(t *testing.T) []webAuthnCase {
	t.Helper()
	var v struct {
		WebAuthn []webAuthnCase `json:"webauthn"`
	}
	if err := json.Unmarshal(findVectors(t, "passkeys-v1.json"), &v); err != nil {
		t.Fatal(err)
	}
	if len(v.WebAuthn) == 0 {
		t.Fatal("no WebAuthn vectors")
	}
	return v.WebAuthn
}

// assignment is c's witness, or false when its lengths are outside the
// circuit's arrays (refused by decoding, before any circuit).
func (c webAuthnCase) assignment(t *testing.T) (*webAuthnCircuit, bool) {
	pub := hexBytes(t, c.PublicKey)
	r, _ := new(big.Int).SetString(c.R[2:], 16)
	s, _ := new(big.Int).SetString(c.S[2:], 16)
	w, err := WebAuthnOf(hexBytes(t, c.AuthenticatorData), hexBytes(t, c.ClientDataJSON))
	if err != nil {
		return nil, false
	}
	a := &webAuthnCircuit{
		Enabled:   1,
		Assertion: w,
		Key:       KeyOf(new(big.Int).SetBytes(pub[1:33]), new(big.Int).SetBytes(pub[33:])),
		Sig:       SignatureOf(r, s),
	}
	d := hex32(t, c.Digest)
	for i := range a.Digest {
		a.Digest[i] = uints.NewU8(d[i])
	}
	return a, true
}

// The gadget accepts exactly the vectors' valid assertions (UV or not, backup
// flags, extension data, Chrome's extra member, another origin, - and _ in the
// challenge) and refuses every other one: another challenge, webauthn.create,
// UP clear, a clientDataJSON that is not the canonical serialisation, a
// signature over other bytes or by another key, high s; the lengths outside
// the bounds are refused by WebAuthnOf, and in the circuit below.
func TestAssertWebAuthnSignedDigestIfAgreesWithThePasskeyVectors(t *testing.T) {
	field := ecc.BN254.ScalarField()
	for _, c := range webAuthnVectors(t) {
		a, ok := c.assignment(t)
		if !ok {
			if c.Expect == "valid" {
				t.Errorf("%s: lengths refused", c.Name)
			}
			continue
		}
		err := test.IsSolved(&webAuthnCircuit{}, a, field)
		if c.Expect == "valid" && err != nil {
			t.Errorf("%s: refused: %v", c.Name, err)
		}
		if c.Expect != "valid" && err == nil {
			t.Errorf("%s (%s): accepted", c.Name, c.Expect)
		}
	}
}

// Lengths are witness values: one that does not match the bytes, or is outside
// the bounds, is refused.
func TestAssertWebAuthnSignedDigestIfRefusesLengthsOutsideTheBoundsOrTheBytes(t *testing.T) {
	field := ecc.BN254.ScalarField()
	valid, _ := webAuthnVectors(t)[0].assignment(t)
	if err := test.IsSolved(&webAuthnCircuit{}, valid, field); err != nil {
		t.Fatal(err)
	}
	for name, change := range map[string]func(a *webAuthnCircuit){
		"authenticatorData one byte longer": func(a *webAuthnCircuit) { a.Assertion.AuthDataLen = 38 },
		"authenticatorData of 36 bytes":     func(a *webAuthnCircuit) { a.Assertion.AuthDataLen = 36 },
		"authenticatorData of 129 bytes":    func(a *webAuthnCircuit) { a.Assertion.AuthDataLen = 129 },
		"clientDataJSON one byte shorter":   func(a *webAuthnCircuit) { a.Assertion.ClientDataLen = 143 },
		"clientDataJSON of 79 bytes":        func(a *webAuthnCircuit) { a.Assertion.ClientDataLen = 79 },
		"clientDataJSON of 385 bytes":       func(a *webAuthnCircuit) { a.Assertion.ClientDataLen = 385 },
		"a byte after clientDataJSON's end": func(a *webAuthnCircuit) {
			a.Assertion.ClientData[200] = uints.NewU8(1)
			a.Assertion.ClientDataLen = 201
		},
		"authenticatorData's flags changed": func(a *webAuthnCircuit) { a.Assertion.AuthData[32] = uints.NewU8(0x01) },
	} {
		a, _ := webAuthnVectors(t)[0].assignment(t)
		change(a)
		if test.IsSolved(&webAuthnCircuit{}, a, field) == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

// Disabled, the gadget asserts nothing about the slot's values.
func TestAssertWebAuthnSignedDigestIfDisabledIsANoOp(t *testing.T) {
	for _, c := range webAuthnVectors(t) {
		if c.Expect == "valid" {
			continue
		}
		a, ok := c.assignment(t)
		if !ok {
			continue
		}
		a.Enabled = 0
		a.Assertion.AuthDataLen, a.Assertion.ClientDataLen = 500, 0
		if err := test.IsSolved(&webAuthnCircuit{}, a, ecc.BN254.ScalarField()); err != nil {
			t.Fatalf("disabled with %s: %v", c.Name, err)
		}
		return
	}
}

// The gadget's size on its own (the digest an input), pinned in
// internal/stats/constraints.json.
func TestAssertWebAuthnSignedDigestIfConstraintCountIsPinned(t *testing.T) {
	cs, err := frontend.Compile(ecc.BN254.ScalarField(), r1cs.NewBuilder, &webAuthnCircuit{})
	if err != nil {
		t.Fatal(err)
	}
	stats.Check(t, "auth/AssertWebAuthnSignedDigestIf", cs.GetNbConstraints())
}
