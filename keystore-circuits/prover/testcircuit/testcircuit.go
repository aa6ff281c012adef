package testcircuit

import (
	"fmt"
	"math/big"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/consensys/gnark/frontend"
	"github.com/consensys/gnark/std/rangecheck"

	"github.com/keystore-rollup/keystore-circuits/hashing"
	"github.com/keystore-rollup/keystore-circuits/prover"
)

// Name is the registered name.
const Name = "test-poseidon2"

// Bits bounds a and b: both must be below 2^Bits.
const Bits = 128

// WitnessSize is the length of the witness bytes.
const WitnessSize = 3 * fr.Bytes

func init() {
	prover.Register(Circuit{})
}

// Circuit is the registered prover.Circuit.
type Circuit struct{}

// Name implements prover.Circuit.
func (Circuit) Name() string { return Name }

// Definition implements prover.Circuit.
func (Circuit) Definition() frontend.Circuit { return &Poseidon2Circuit{} }

// Assign implements prover.Circuit: a || b || h, canonical field elements.
func (Circuit) Assign(witness []byte) (frontend.Circuit, error) {
	if len(witness) != WitnessSize {
		return nil, fmt.Errorf("%w: %s needs %d witness bytes (a, b, h), got %d", prover.ErrInvalidWitness, Name, WitnessSize, len(witness))
	}
	var elems [3]fr.Element
	for i, label := range []string{"a", "b", "h"} {
		e, err := hashing.FromBytes(witness[i*fr.Bytes : (i+1)*fr.Bytes])
		if err != nil {
			return nil, fmt.Errorf("%w: %s: %v", prover.ErrInvalidWitness, label, err)
		}
		elems[i] = e
	}
	return &Poseidon2Circuit{A: elems[0], B: elems[1], H: elems[2]}, nil
}

// Poseidon2Circuit is the gnark circuit.
type Poseidon2Circuit struct {
	A, B frontend.Variable
	H    frontend.Variable `gnark:",public"`
}

// Define implements frontend.Circuit.
func (c *Poseidon2Circuit) Define(api frontend.API) error {
	checker := rangecheck.New(api)
	checker.Check(c.A, Bits)
	checker.Check(c.B, Bits)
	g, err := hashing.NewGadget(api)
	if err != nil {
		return err
	}
	api.AssertIsEqual(g.Compress(c.A, c.B), c.H)
	return nil
}

// Witness builds valid witness bytes for a and b (each below 2^Bits), and
// returns h, the public input, too.
func Witness(a, b *big.Int) (witness []byte, h [32]byte) {
	var ea, eb fr.Element
	ea.SetBigInt(a)
	eb.SetBigInt(b)
	eh := hashing.Compress(ea, eb)
	ba, bb := ea.Bytes(), eb.Bytes()
	h = eh.Bytes()
	witness = append(append(append(make([]byte, 0, WitnessSize), ba[:]...), bb[:]...), h[:]...)
	return witness, h
}
