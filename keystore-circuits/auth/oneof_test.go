package auth

import (
	"math/big"
	"testing"

	"github.com/consensys/gnark-crypto/ecc"
	"github.com/consensys/gnark/constraint"
	"github.com/consensys/gnark/frontend"
	"github.com/consensys/gnark/frontend/cs/r1cs"

	"github.com/keystore-rollup/keystore-circuits/internal/stats"
)

type oneOfCircuit struct {
	Enabled         frontend.Variable
	TypeIndex       frontend.Variable
	DomainSeparator [2]frontend.Variable
	Words           [MaxWords]frontend.Variable
	Key             Key
	Sig             Signature
}

func (c *oneOfCircuit) Define(api frontend.API) error {
	api.AssertIsBoolean(c.Enabled)
	return AssertSignedOneOfIf(api, c.Enabled, c.TypeIndex, KeystoreStructs(), c.DomainSeparator, c.Words[:], c.Key, c.Sig)
}

var oneOfCS constraint.ConstraintSystem

func solveOneOf(t *testing.T, w *oneOfCircuit) error {
	t.Helper()
	if oneOfCS == nil {
		cs, err := frontend.Compile(ecc.BN254.ScalarField(), r1cs.NewBuilder, &oneOfCircuit{})
		if err != nil {
			t.Fatal(err)
		}
		oneOfCS = cs
	}
	wit, err := frontend.NewWitness(w, ecc.BN254.ScalarField())
	if err != nil {
		t.Fatal(err)
	}
	return oneOfCS.IsSolved(wit)
}

func oneOfAssignment(t *testing.T, v signed) *oneOfCircuit {
	t.Helper()
	a := assignment(v)
	c := &oneOfCircuit{Enabled: 1, DomainSeparator: a.DomainSeparator, Key: a.Key, Sig: a.Sig}
	c.TypeIndex = -1
	for i, st := range KeystoreStructs() {
		if st.TypeHash == v.typeHash {
			c.TypeIndex = i
		}
	}
	if c.TypeIndex == -1 {
		t.Fatalf("%s: unknown type", v.name)
	}
	for i := range c.Words {
		c.Words[i] = 0
		if i < len(a.Words) {
			c.Words[i] = a.Words[i]
		}
	}
	return c
}

func TestAssertSignedOneOfIfServesTheThreeTypes(t *testing.T) {
	vs := ethersVectors(t)
	// UpdateConfig (max values), ApproveRecovery (zero address and key hash,
	// max epoch), CancelRecovery (max nonce), on another domain too
	for _, i := range []int{2, 5, 7, 19} {
		if err := solveOneOf(t, oneOfAssignment(t, vs[i])); err != nil {
			t.Errorf("%s: %v", vs[i].name, err)
		}
	}
	// a CancelRecovery ignores the third word
	c := oneOfAssignment(t, vs[6])
	c.Words[2] = new(big.Int).Lsh(big.NewInt(1), 250)
	if err := solveOneOf(t, c); err != nil {
		t.Errorf("CancelRecovery with a third word: %v", err)
	}
	// one slot that may carry any of the three signed structs
	stats.Check(t, "auth/AssertSignedOneOfIf", oneOfCS.GetNbConstraints())
}

func TestAssertSignedOneOfIfRejectsAnotherTypeAndRanges(t *testing.T) {
	vs := ethersVectors(t)
	two64 := new(big.Int).Lsh(big.NewInt(1), 64)
	for name, c := range map[string]*oneOfCircuit{
		"UpdateConfig read as ApproveRecovery": func() *oneOfCircuit { c := oneOfAssignment(t, vs[0]); c.TypeIndex = 1; return c }(),
		"CancelRecovery read as UpdateConfig":  func() *oneOfCircuit { c := oneOfAssignment(t, vs[6]); c.TypeIndex = 0; return c }(),
		"type index 3":                         func() *oneOfCircuit { c := oneOfAssignment(t, vs[6]); c.TypeIndex = 3; return c }(),
		"UpdateConfig nonce 2^64":              func() *oneOfCircuit { c := oneOfAssignment(t, vs[0]); c.Words[1] = two64; return c }(),
		"ApproveRecovery epoch 2^64":           func() *oneOfCircuit { c := oneOfAssignment(t, vs[3]); c.Words[2] = two64; return c }(),
		"high s": func() *oneOfCircuit {
			c := oneOfAssignment(t, vs[3])
			c.Sig = SignatureOf(vs[3].r, new(big.Int).Sub(secpN, vs[3].s))
			return c
		}(),
	} {
		if err := solveOneOf(t, c); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	garbage := &oneOfCircuit{Enabled: 0, TypeIndex: 7, DomainSeparator: [2]frontend.Variable{-1, -1},
		Words: [MaxWords]frontend.Variable{-1, -1, -1}, Key: Key{0, 0, 0, 0}, Sig: Signature{-1, 0, 0, 0}}
	if err := solveOneOf(t, garbage); err != nil {
		t.Errorf("disabled slot with garbage rejected: %v", err)
	}
}
