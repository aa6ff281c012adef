package testcircuit_test

import (
	"math/big"
	"testing"

	"github.com/consensys/gnark-crypto/ecc"
	"github.com/consensys/gnark/frontend"
	"github.com/consensys/gnark/frontend/cs/r1cs"
	"github.com/consensys/gnark/test"

	"github.com/keystore-rollup/keystore-circuits/internal/stats"
	"github.com/keystore-rollup/keystore-circuits/prover/testcircuit"
)

func TestConstraintCountIsPinned(t *testing.T) {
	ccs, err := frontend.Compile(ecc.BN254.ScalarField(), r1cs.NewBuilder, testcircuit.Circuit{}.Definition())
	if err != nil {
		t.Fatal(err)
	}
	stats.Check(t, testcircuit.Name, ccs.GetNbConstraints())
}

func TestAssignmentFromWitnessBytesSolves(t *testing.T) {
	witness, _ := testcircuit.Witness(big.NewInt(42), new(big.Int).Lsh(big.NewInt(1), testcircuit.Bits-1))
	assignment, err := testcircuit.Circuit{}.Assign(witness)
	if err != nil {
		t.Fatal(err)
	}
	if err := test.IsSolved(testcircuit.Circuit{}.Definition(), assignment, ecc.BN254.ScalarField()); err != nil {
		t.Fatal(err)
	}
}
