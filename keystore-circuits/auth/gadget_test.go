package auth

import (
	"math/big"
	"testing"

	"github.com/consensys/gnark-crypto/ecc"
	"github.com/consensys/gnark/frontend"
	"github.com/consensys/gnark/frontend/cs/r1cs"
	"github.com/consensys/gnark/test"
)

// sigCircuit is one slot: AssertSignedIf over len(Bits) words.
type sigCircuit struct {
	TypeHash [32]byte `gnark:"-"`
	Bits     []int    `gnark:"-"`

	Enabled         frontend.Variable
	DomainSeparator [2]frontend.Variable
	Words           []frontend.Variable
	Key             Key
	Sig             Signature
}

func (c *sigCircuit) Define(api frontend.API) error {
	api.AssertIsBoolean(c.Enabled)
	words := make([]Word, len(c.Bits))
	for i, b := range c.Bits {
		words[i] = Word{Value: c.Words[i], Bits: b}
	}
	return AssertSignedIf(api, c.Enabled, c.DomainSeparator, c.TypeHash, words, c.Key, c.Sig)
}

func bitsOf(words []NativeWord) []int {
	out := make([]int, len(words))
	for i, w := range words {
		out[i] = w.Bits
	}
	return out
}

// shape is the circuit (no witness) for v's type.
func shape(v signed) *sigCircuit {
	return &sigCircuit{TypeHash: v.typeHash, Bits: bitsOf(v.words), Words: make([]frontend.Variable, len(v.words))}
}

// assignment is the witness for v, enabled.
func assignment(v signed) *sigCircuit {
	c := shape(v)
	c.Enabled = 1
	c.DomainSeparator = Halves32(v.domainSeparator)
	for i, w := range v.words {
		c.Words[i] = w.Value
	}
	c.Key = KeyOf(new(big.Int).SetBytes(v.pubKey[1:33]), new(big.Int).SetBytes(v.pubKey[33:]))
	c.Sig = SignatureOf(v.r, v.s)
	return c
}

func solved(c, w *sigCircuit) error {
	return test.IsSolved(c, w, ecc.BN254.ScalarField())
}

func TestAssertSignedIfAcceptsEthersSignatures(t *testing.T) {
	vs := ethersVectors(t)
	// one of each type (and each chain id) in -short, all otherwise
	for i, v := range vs {
		if testing.Short() && i%3 != 0 {
			continue
		}
		if err := solved(shape(v), assignment(v)); err != nil {
			t.Errorf("%s: %v", v.name, err)
		}
	}
}

func compileCount(t *testing.T, c frontend.Circuit) int {
	t.Helper()
	cs, err := frontend.Compile(ecc.BN254.ScalarField(), r1cs.NewBuilder, c)
	if err != nil {
		t.Fatal(err)
	}
	return cs.GetNbConstraints()
}
