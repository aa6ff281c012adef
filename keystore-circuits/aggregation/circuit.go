package aggregation

import (
	"fmt"
	"math/big"

	"github.com/consensys/gnark/frontend"
	"github.com/consensys/gnark/std/algebra/emulated/sw_bn254"
	"github.com/consensys/gnark/std/commitments/pedersen"
	"github.com/consensys/gnark/std/math/emulated"
	"github.com/consensys/gnark/std/math/uints"
	stdgroth16 "github.com/consensys/gnark/std/recursion/groth16"

	"github.com/keystore-rollup/keystore-circuits/auth"
	"github.com/keystore-rollup/keystore-circuits/hashing"
)

// The types of an inner proof: Groth16 on BN254, verified with emulated
// BN254 arithmetic inside a BN254 circuit.
type (
	Key   = stdgroth16.VerifyingKey[sw_bn254.G1Affine, sw_bn254.G2Affine, sw_bn254.GTEl]
	Proof = stdgroth16.Proof[sw_bn254.G1Affine, sw_bn254.G2Affine]
	Input = stdgroth16.Witness[sw_bn254.ScalarField]
)

// Inner shape: every circuit an aggregation accepts has one public input and
// one BSB22 commitment that commits no public input (the batch circuits'
// shape). K holds the constant wire, the public input and the commitment.
const (
	innerPublicInputs = 1
	innerCommitments  = 1
	innerKPoints      = 1 + innerPublicInputs + innerCommitments
)

// Entry is one inner proof: the verifying key it is valid under (a witness,
// bound to the public input by its key hash), the proof, its public input,
// and whether the entry is used (unused entries repeat a used one and
// publish zeros; docs/spec/aggregation.md §3).
type Entry struct {
	Key   Key
	Proof Proof
	Input Input
	Used  frontend.Variable
}

// Circuit aggregates FanIn inner proofs into one public input: the Keccak-256
// of, for each entry, keyHash ‖ innerInput (or 64 zero bytes when unused),
// with its top three bits cleared (docs/spec/aggregation.md §3).
type Circuit struct {
	Entries     []Entry
	PublicInput frontend.Variable `gnark:",public"`
}

// New returns the circuit of fan-in k with its shapes set, for compiling.
func New(k int) *Circuit {
	c := &Circuit{Entries: make([]Entry, k)}
	for i := range c.Entries {
		c.Entries[i] = placeholderEntry()
	}
	return c
}

func placeholderEntry() Entry {
	var e Entry
	e.Key.G1.K = make([]sw_bn254.G1Affine, innerKPoints)
	e.Key.CommitmentKeys = make([]pedersen.VerifyingKey[sw_bn254.G2Affine], innerCommitments)
	e.Key.PublicAndCommitmentCommitted = [][]int{{}}
	e.Proof.Commitments = make([]pedersen.Commitment[sw_bn254.G1Affine], innerCommitments)
	e.Input.Public = make([]emulated.Element[sw_bn254.ScalarField], innerPublicInputs)
	return e
}

// Define implements frontend.Circuit.
func (c *Circuit) Define(api frontend.API) error {
	if len(c.Entries) == 0 {
		return fmt.Errorf("aggregation: no entries")
	}
	verifier, err := stdgroth16.NewVerifier[sw_bn254.ScalarField, sw_bn254.G1Affine, sw_bn254.G2Affine, sw_bn254.GTEl](api)
	if err != nil {
		return err
	}
	k, err := auth.NewKeccak(api)
	if err != nil {
		return err
	}
	h, err := hashing.NewGadget(api)
	if err != nil {
		return err
	}
	api.AssertIsEqual(c.Entries[0].Used, 1)
	msg := make([]uints.U8, 0, 64*len(c.Entries))
	for i := range c.Entries {
		e := &c.Entries[i]
		if len(e.Input.Public) != innerPublicInputs {
			return fmt.Errorf("aggregation: entry %d has %d public inputs", i, len(e.Input.Public))
		}
		if err := verifier.AssertProof(e.Key, e.Proof, e.Input, stdgroth16.WithSubgroupCheck()); err != nil {
			return fmt.Errorf("aggregation: entry %d: %w", i, err)
		}
		api.AssertIsBoolean(e.Used)
		keyHash := KeyHashGadget(h, &e.Key)
		// The inner input as a native value: the scalar field is the native
		// field, so the limbs' sum is the element's value whatever its form.
		input := frontend.Variable(0)
		for j, limb := range e.Input.Public[0].Limbs {
			input = api.Add(input, api.Mul(limb, new(big.Int).Lsh(big.NewInt(1), uint(64*j))))
		}
		for _, v := range []frontend.Variable{keyHash, input} {
			word, err := k.Word(auth.Word{Value: api.Mul(e.Used, v), Bits: auth.BitsField})
			if err != nil {
				return err
			}
			msg = append(msg, word...)
		}
	}
	digest := k.Sum(msg)
	top := k.LowBits(digest[0], 5)
	pi := api.Add(api.Mul(top, new(big.Int).Lsh(big.NewInt(1), 248)), k.Value(digest[1:]))
	api.AssertIsEqual(pi, c.PublicInput)
	return nil
}
