package aggregation_test

import (
	"errors"
	"math/big"
	"os"
	"sync"
	"testing"

	"github.com/consensys/gnark-crypto/ecc"
	"github.com/consensys/gnark/constraint"
	"github.com/consensys/gnark/frontend"
	"github.com/consensys/gnark/frontend/cs/r1cs"
	"github.com/consensys/gnark/std/algebra/emulated/sw_bn254"
	"github.com/consensys/gnark/std/math/emulated"
	"github.com/consensys/gnark/test"

	"github.com/keystore-rollup/keystore-circuits/aggregation"
	"github.com/keystore-rollup/keystore-circuits/hashing"
	"github.com/keystore-rollup/keystore-circuits/internal/stats"
	"github.com/keystore-rollup/keystore-circuits/prover"
	"github.com/keystore-rollup/keystore-circuits/prover/testcircuit"
)

// The inner proofs are proofs of test-poseidon2, which has the batch
// circuits' shape (one public input, one commitment) and a setup of seconds.

var (
	innerOnce sync.Once
	inner     *prover.Keys
	innerErr  error

	compiledOnce sync.Once
	compiled     constraint.ConstraintSystem
	compiledErr  error
)

func innerKeys(t *testing.T) *prover.Keys {
	t.Helper()
	innerOnce.Do(func() {
		c, err := prover.Lookup(testcircuit.Name)
		if err != nil {
			innerErr = err
			return
		}
		dir, err := os.MkdirTemp("", "aggregation-test-keys")
		if err != nil {
			innerErr = err
			return
		}
		inner, innerErr = prover.LoadOrSetup(c, dir, nil)
	})
	if innerErr != nil {
		t.Fatal(innerErr)
	}
	return inner
}

func fanIn2(t *testing.T) constraint.ConstraintSystem {
	t.Helper()
	compiledOnce.Do(func() {
		compiled, compiledErr = frontend.Compile(ecc.BN254.ScalarField(), r1cs.NewBuilder, aggregation.New(2))
	})
	if compiledErr != nil {
		t.Fatal(compiledErr)
	}
	return compiled
}

func innerProof(t *testing.T, a, b int64, target prover.Target) aggregation.InnerProof {
	t.Helper()
	k := innerKeys(t)
	w, h := testcircuit.Witness(big.NewInt(a), big.NewInt(b))
	p, err := prover.ProveFor(k, w, target, nil)
	if err != nil {
		t.Fatal(err)
	}
	return aggregation.InnerProof{Circuit: testcircuit.Name, Proof: p.Solidity, Input: h}
}

func solved(t *testing.T, assignment *aggregation.Circuit) error {
	t.Helper()
	w, err := frontend.NewWitness(assignment, ecc.BN254.ScalarField())
	if err != nil {
		t.Fatal(err)
	}
	return fanIn2(t).IsSolved(w, prover.SolveWithoutProver())
}

func keyHashOf(t *testing.T) [32]byte {
	h, err := innerKeys(t).KeyHash()
	if err != nil {
		t.Fatal(err)
	}
	return h.Bytes()
}

type keyHashCircuit struct {
	Key  aggregation.Key
	Hash frontend.Variable `gnark:",public"`
}

func (c *keyHashCircuit) Define(api frontend.API) error {
	h, err := hashing.NewGadget(api)
	if err != nil {
		return err
	}
	api.AssertIsEqual(aggregation.KeyHashGadget(h, &c.Key), c.Hash)
	return nil
}

func TestKeyHashInTheCircuitEqualsTheNativeOne(t *testing.T) {
	native, err := innerKeys(t).KeyHash()
	if err != nil {
		t.Fatal(err)
	}
	full, err := aggregation.Assignment(2, []aggregation.InnerProof{innerProof(t, 1, 2, prover.TargetAggregation)})
	if err != nil {
		t.Fatal(err)
	}
	placeholder := aggregation.New(1)
	valid := &keyHashCircuit{Key: full.Entries[0].Key, Hash: native.BigInt(new(big.Int))}
	if err := test.IsSolved(&keyHashCircuit{Key: placeholder.Entries[0].Key}, valid, ecc.BN254.ScalarField()); err != nil {
		t.Fatalf("the native key hash differs from the circuit's: %v", err)
	}
	invalid := &keyHashCircuit{Key: full.Entries[0].Key, Hash: new(big.Int).Add(native.BigInt(new(big.Int)), big.NewInt(1))}
	if test.IsSolved(&keyHashCircuit{Key: placeholder.Entries[0].Key}, invalid, ecc.BN254.ScalarField()) == nil {
		t.Fatal("another key hash was accepted")
	}
}

func TestConstraintCountIsPinned(t *testing.T) {
	stats.Check(t, aggregation.CircuitName(2), fanIn2(t).GetNbConstraints())
}

func TestTwoValidProofsAggregate(t *testing.T) {
	a, err := aggregation.Assignment(2, []aggregation.InnerProof{
		innerProof(t, 1, 2, prover.TargetAggregation), innerProof(t, 3, 4, prover.TargetAggregation)})
	if err != nil {
		t.Fatal(err)
	}
	if err := solved(t, a); err != nil {
		t.Fatalf("two valid proofs do not satisfy the aggregation: %v", err)
	}
}

func TestOneProofAggregatesWithTheSecondEntryUnused(t *testing.T) {
	p := innerProof(t, 5, 6, prover.TargetAggregation)
	a, err := aggregation.Assignment(2, []aggregation.InnerProof{p})
	if err != nil {
		t.Fatal(err)
	}
	if err := solved(t, a); err != nil {
		t.Fatalf("one proof does not satisfy the aggregation: %v", err)
	}
	want, _ := aggregation.PublicInput(2, [][32]byte{keyHashOf(t)}, [][32]byte{p.Input})
	if a.PublicInput.(*big.Int).Cmp(new(big.Int).SetBytes(want[:])) != 0 {
		t.Fatal("the public input is not that of one used entry")
	}
}

func TestAProofForOtherPublicBytesIsRefused(t *testing.T) {
	p1, p2 := innerProof(t, 1, 2, prover.TargetAggregation), innerProof(t, 3, 4, prover.TargetAggregation)
	// natively: refused before any solve
	other := p2
	other.Input = p1.Input
	if _, err := aggregation.Assignment(2, []aggregation.InnerProof{p1, other}); !errors.Is(err, prover.ErrProofRejected) {
		t.Fatalf("want ErrProofRejected, got %v", err)
	}
	// in the circuit: the entry's input changed after the native check
	a, err := aggregation.Assignment(2, []aggregation.InnerProof{p1, p2})
	if err != nil {
		t.Fatal(err)
	}
	a.Entries[1].Input.Public[0] = emulated.ValueOf[sw_bn254.ScalarField](new(big.Int).SetBytes(p1.Input[:]))
	a.PublicInput = publicInput(t, p1.Input, p1.Input)
	if solved(t, a) == nil {
		t.Fatal("a proof with another public input was accepted")
	}
}

func TestAProofForTheL1VerifierIsRefused(t *testing.T) {
	// Its commitment challenge is Keccak-based: the in-circuit verifier's differs.
	p := innerProof(t, 1, 2, prover.TargetL1)
	if _, err := aggregation.Assignment(2, []aggregation.InnerProof{p}); !errors.Is(err, prover.ErrProofRejected) {
		t.Fatalf("want ErrProofRejected, got %v", err)
	}
}

func TestAWrongVerifyingKeyIsRefused(t *testing.T) {
	p1, p2 := innerProof(t, 1, 2, prover.TargetAggregation), innerProof(t, 3, 4, prover.TargetAggregation)
	a, err := aggregation.Assignment(2, []aggregation.InnerProof{p1, p2})
	if err != nil {
		t.Fatal(err)
	}
	// the public input names another key for entry 1: the key in the witness does not hash to it
	other := keyHashOf(t)
	other[31] ^= 1
	msgHashes := [][32]byte{keyHashOf(t), other}
	pi, _ := aggregation.PublicInput(2, msgHashes, [][32]byte{p1.Input, p2.Input})
	a.PublicInput = new(big.Int).SetBytes(pi[:])
	if solved(t, a) == nil {
		t.Fatal("a proof under a key other than the public input's was accepted")
	}
	// a key changed in the witness (its K[0]): the proof no longer verifies under it
	b, _ := aggregation.Assignment(2, []aggregation.InnerProof{p1, p2})
	b.Entries[1].Key.G1.K[0] = b.Entries[1].Key.G1.K[1]
	if solved(t, b) == nil {
		t.Fatal("a proof under a changed key was accepted")
	}
}

func TestReorderedOrDroppedProofsAreRefused(t *testing.T) {
	p1, p2 := innerProof(t, 1, 2, prover.TargetAggregation), innerProof(t, 3, 4, prover.TargetAggregation)
	a, err := aggregation.Assignment(2, []aggregation.InnerProof{p1, p2})
	if err != nil {
		t.Fatal(err)
	}
	reordered := *a
	reordered.PublicInput = publicInput(t, p2.Input, p1.Input)
	if solved(t, &reordered) == nil {
		t.Fatal("the public input of the reordered proofs was accepted")
	}
	dropped := *a
	pi, _ := aggregation.PublicInput(2, [][32]byte{keyHashOf(t)}, [][32]byte{p1.Input})
	dropped.PublicInput = new(big.Int).SetBytes(pi[:])
	if solved(t, &dropped) == nil {
		t.Fatal("the public input without the second proof was accepted")
	}
	// an unused entry may not claim to be used, nor the first be unused
	unused := *a
	unused.Entries = append([]aggregation.Entry(nil), a.Entries...)
	unused.Entries[0].Used = 0
	if solved(t, &unused) == nil {
		t.Fatal("an aggregation with its first entry unused was accepted")
	}
}

func TestWitnessBytesRoundTripAndRejectGarbage(t *testing.T) {
	p1, p2 := innerProof(t, 1, 2, prover.TargetAggregation), innerProof(t, 3, 4, prover.TargetAggregation)
	w, err := aggregation.EncodeWitness([]aggregation.InnerProof{p1, p2})
	if err != nil {
		t.Fatal(err)
	}
	back, err := aggregation.DecodeWitness(w)
	if err != nil || len(back) != 2 || back[1].Input != p2.Input || string(back[0].Proof) != string(p1.Proof) {
		t.Fatalf("round trip: %v", err)
	}
	reg := aggregation.Registered{FanIn: 2}
	for name, bad := range map[string][]byte{
		"empty":        {},
		"truncated":    w[:len(w)-1],
		"trailing":     append(append([]byte(nil), w...), 0),
		"three proofs": mustEncode(t, p1, p2, p1),
		"unknown name": mustEncode(t, aggregation.InnerProof{Circuit: "batch-99", Proof: p1.Proof, Input: p1.Input}),
	} {
		if _, err := reg.Assign(bad); !errors.Is(err, prover.ErrInvalidWitness) {
			t.Errorf("%s: want ErrInvalidWitness, got %v", name, err)
		}
	}
}

func mustEncode(t *testing.T, proofs ...aggregation.InnerProof) []byte {
	w, err := aggregation.EncodeWitness(proofs)
	if err != nil {
		t.Fatal(err)
	}
	return w
}

func publicInput(t *testing.T, in1, in2 [32]byte) *big.Int {
	h := keyHashOf(t)
	pi, err := aggregation.PublicInput(2, [][32]byte{h, h}, [][32]byte{in1, in2})
	if err != nil {
		t.Fatal(err)
	}
	return new(big.Int).SetBytes(pi[:])
}
