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

// p256Circuit is AssertP256SignedDigestIf over a 32-byte digest witness.
type p256Circuit struct {
	Enabled frontend.Variable
	Digest  [32]uints.U8
	Key     Key
	Sig     Signature
}

func (c *p256Circuit) Define(api frontend.API) error {
	api.AssertIsBoolean(c.Enabled)
	digest, err := checkedDigest(api, c.Digest)
	if err != nil {
		return err
	}
	return AssertP256SignedDigestIf(api, c.Enabled, digest, c.Key, c.Sig)
}

// checkedDigest is the digest witness's bytes, range checked, as a hash
// gadget's output is.
func checkedDigest(api frontend.API, d [32]uints.U8) ([]uints.U8, error) {
	b, err := uints.NewBytes(api)
	if err != nil {
		return nil, err
	}
	digest := make([]uints.U8, len(d))
	for i := range digest {
		digest[i] = b.ValueOf(b.Value(d[i]))
	}
	return digest, nil
}

// p256Case is one signature of test-vectors/passkeys-v1.json's "p256" list
// (made with @noble/curves and checked with WebCrypto).
type p256Case struct {
	Name      string `json:"name"`
	PublicKey string `json:"publicKey"`
	Digest    string `json:"digest"`
	R         string `json:"r"`
	S         string `json:"s"`
	Expect    string `json:"expect"` // valid, invalid (does not verify), malformed (out of range)
}

func p256Vectors(t *testing.T) (cases []p256Case, badKeys []p256Case) {
	t.Helper()
	var v struct {
		P256    []p256Case `json:"p256"`
		BadKeys []p256Case `json:"badKeys"`
	}
	if err := json.Unmarshal(findVectors(t, "passkeys-v1.json"), &v); err != nil {
		t.Fatal(err)
	}
	if len(v.P256) == 0 || len(v.BadKeys) == 0 {
		t.Fatal("no P-256 vectors")
	}
	return v.P256, v.BadKeys
}

func (c p256Case) point(t *testing.T) (x, y *big.Int) {
	pub := hexBytes(t, c.PublicKey)
	if len(pub) != 65 || pub[0] != 0x04 {
		t.Fatalf("%s: public key is not 0x04 ‖ x ‖ y", c.Name)
	}
	return new(big.Int).SetBytes(pub[1:33]), new(big.Int).SetBytes(pub[33:])
}

func (c p256Case) assignment(t *testing.T) *p256Circuit {
	x, y := c.point(t)
	r, _ := new(big.Int).SetString(c.R[2:], 16)
	s, _ := new(big.Int).SetString(c.S[2:], 16)
	a := &p256Circuit{Enabled: 1, Key: KeyOf(x, y), Sig: SignatureOf(r, s)}
	d := hex32(t, c.Digest)
	for i := range a.Digest {
		a.Digest[i] = uints.NewU8(d[i])
	}
	return a
}

func TestP256VerifyAgreesWithThePasskeyVectors(t *testing.T) {
	cases, badKeys := p256Vectors(t)
	for _, c := range cases {
		x, y := c.point(t)
		r, _ := new(big.Int).SetString(c.R[2:], 16)
		s, _ := new(big.Int).SetString(c.S[2:], 16)
		if got := P256Verify(x, y, hex32(t, c.Digest), r, s); got != (c.Expect == "valid") {
			t.Errorf("%s: P256Verify = %v, the vectors say %s", c.Name, got, c.Expect)
		}
	}
	valid := cases[0]
	r, _ := new(big.Int).SetString(valid.R[2:], 16)
	s, _ := new(big.Int).SetString(valid.S[2:], 16)
	for _, k := range badKeys {
		pub := hexBytes(t, k.PublicKey)
		x, y := new(big.Int).SetBytes(pub[1:33]), new(big.Int).SetBytes(pub[33:])
		if P256Verify(x, y, hex32(t, valid.Digest), r, s) {
			t.Errorf("bad key %q verifies", k.Name)
		}
	}
}

// The gadget accepts exactly the vectors' valid signatures, refuses the others
// (high s, zero or out-of-range r and s, another digest, key, r or s) and the
// bad keys (off the curve, (0, 0), x = p, a secp256k1 point).
func TestAssertP256SignedDigestIfAgreesWithThePasskeyVectors(t *testing.T) {
	cases, badKeys := p256Vectors(t)
	field := ecc.BN254.ScalarField()
	for _, c := range cases {
		err := test.IsSolved(&p256Circuit{}, c.assignment(t), field)
		if c.Expect == "valid" && err != nil {
			t.Errorf("%s: refused: %v", c.Name, err)
		}
		if c.Expect != "valid" && err == nil {
			t.Errorf("%s (%s): accepted", c.Name, c.Expect)
		}
	}
	for _, k := range badKeys {
		a := cases[0].assignment(t)
		pub := hexBytes(t, k.PublicKey)
		a.Key = KeyOf(new(big.Int).SetBytes(pub[1:33]), new(big.Int).SetBytes(pub[33:]))
		if test.IsSolved(&p256Circuit{}, a, field) == nil {
			t.Errorf("bad key %q: accepted", k.Name)
		}
	}
}

// Disabled, the gadget asserts nothing about the slot's values.
func TestAssertP256SignedDigestIfDisabledIsANoOp(t *testing.T) {
	cases, _ := p256Vectors(t)
	var wrong p256Case
	for _, c := range cases {
		if c.Expect != "valid" {
			wrong = c
			break
		}
	}
	a := wrong.assignment(t)
	a.Enabled = 0
	if err := test.IsSolved(&p256Circuit{}, a, ecc.BN254.ScalarField()); err != nil {
		t.Fatalf("disabled with %s: %v", wrong.Name, err)
	}
}

// The gadget's size on its own (the digest an input), pinned in
// internal/stats/constraints.json: what a P-256 slot pays for its signature
// beyond the EIP-712 hashing it shares with secp256k1's.
func TestAssertP256SignedDigestIfConstraintCountIsPinned(t *testing.T) {
	cs, err := frontend.Compile(ecc.BN254.ScalarField(), r1cs.NewBuilder, &p256Circuit{})
	if err != nil {
		t.Fatal(err)
	}
	stats.Check(t, "auth/AssertP256SignedDigestIf", cs.GetNbConstraints())
}

// The passkey vectors' key-hash inputs (passkeys.md §2: the scheme, then the
// key's four 128-bit halves) are the halves the circuit takes (KeyOf), for
// keys on P-256.
func TestPasskeyKeyHashInputsAreTheCircuitsKeyHalves(t *testing.T) {
	var v struct {
		Keys []struct {
			Scheme        int      `json:"scheme"`
			PublicKey     string   `json:"publicKey"`
			KeyHashInputs []string `json:"keyHashInputs"`
		} `json:"keys"`
	}
	if err := json.Unmarshal(findVectors(t, "passkeys-v1.json"), &v); err != nil {
		t.Fatal(err)
	}
	if len(v.Keys) == 0 {
		t.Fatal("no keys")
	}
	for _, k := range v.Keys {
		pub := hexBytes(t, k.PublicKey)
		x, y := new(big.Int).SetBytes(pub[1:33]), new(big.Int).SetBytes(pub[33:])
		key := KeyOf(x, y)
		want := []any{big.NewInt(int64(k.Scheme)), key.XHi, key.XLo, key.YHi, key.YLo}
		if len(k.KeyHashInputs) != len(want) || (k.Scheme != 2 && k.Scheme != 3) {
			t.Fatalf("key %s: scheme %d, %d inputs", k.PublicKey, k.Scheme, len(k.KeyHashInputs))
		}
		for i, in := range k.KeyHashInputs {
			got, _ := new(big.Int).SetString(in[2:], 16)
			if got.Cmp(want[i].(*big.Int)) != 0 {
				t.Errorf("key %s: input %d is %s, the circuit's %s", k.PublicKey, i, got, want[i])
			}
		}
		if !onP256(x, y) {
			t.Errorf("key %s is not on P-256", k.PublicKey)
		}
	}
}

func onP256(x, y *big.Int) bool {
	// y² = x³ − 3x + b (mod p)
	l := new(big.Int).Mul(y, y)
	r := new(big.Int).Exp(x, big.NewInt(3), p256P)
	r.Sub(r, new(big.Int).Mul(big.NewInt(3), x))
	r.Add(r, p256B)
	return l.Mod(l, p256P).Cmp(r.Mod(r, p256P)) == 0
}
