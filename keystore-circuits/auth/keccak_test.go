package auth

import (
	"math/rand"
	"testing"

	"github.com/consensys/gnark-crypto/ecc"
	"github.com/consensys/gnark/frontend"
	"github.com/consensys/gnark/std/math/uints"
	"github.com/consensys/gnark/test"
)

// keccakCircuit hashes In, whose first NbConst bytes are circuit constants
// (as the type hash is), and compares with Out.
type keccakCircuit struct {
	Const []byte `gnark:"-"`
	In    []uints.U8
	Out   [32]uints.U8
}

func (c *keccakCircuit) Define(api frontend.API) error {
	vf, err := newVerifier(api)
	if err != nil {
		return err
	}
	msg := append(uints.NewU8Array(c.Const), c.In...)
	got := vf.keccak256(msg)
	for i := range got {
		vf.bytes.AssertIsEqual(got[i], c.Out[i])
	}
	return nil
}

func TestKeccak256GadgetMatchesXCrypto(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	for _, tc := range []struct{ nConst, nVar int }{{0, 0}, {32, 96}, {0, 66}, {2, 64}, {0, 135}, {32, 0}, {0, 127}, {0, 128}, {0, 129}, {0, 134}, {10, 125}} {
		cst := make([]byte, tc.nConst)
		in := make([]byte, tc.nVar)
		rng.Read(cst)
		rng.Read(in)
		want := Keccak256(cst, in)
		c := &keccakCircuit{Const: cst, In: make([]uints.U8, tc.nVar)}
		w := &keccakCircuit{Const: cst, In: uints.NewU8Array(in), Out: [32]uints.U8(uints.NewU8Array(want[:]))}
		if err := test.IsSolved(c, w, ecc.BN254.ScalarField()); err != nil {
			t.Errorf("%d+%d bytes: %v", tc.nConst, tc.nVar, err)
		}
		want[5] ^= 1
		w.Out = [32]uints.U8(uints.NewU8Array(want[:]))
		if err := test.IsSolved(c, w, ecc.BN254.ScalarField()); err == nil {
			t.Errorf("%d+%d bytes: wrong digest accepted", tc.nConst, tc.nVar)
		}
	}
}

type keccakBlocksCircuit struct {
	Msg []uints.U8
	Out [32]uints.U8
}

func (c *keccakBlocksCircuit) Define(api frontend.API) error {
	k, err := NewKeccak(api)
	if err != nil {
		return err
	}
	got := k.Sum(c.Msg)
	b, err := uints.NewBytes(api)
	if err != nil {
		return err
	}
	for i := range c.Out {
		b.AssertIsEqual(got[i], c.Out[i])
	}
	return nil
}

func TestKeccakSumMatchesXCryptoOverSeveralBlocks(t *testing.T) {
	for _, n := range []int{135, 136, 271, 272, 400} {
		msg := make([]byte, n)
		for i := range msg {
			msg[i] = byte(7*i + n)
		}
		digest := Keccak256(msg)
		want := digest[:]
		circuit := &keccakBlocksCircuit{Msg: make([]uints.U8, n)}
		valid := &keccakBlocksCircuit{Msg: uints.NewU8Array(msg)}
		copy(valid.Out[:], uints.NewU8Array(want))
		if err := test.IsSolved(circuit, valid, ecc.BN254.ScalarField()); err != nil {
			t.Fatalf("%d bytes: %v", n, err)
		}
		wrong := &keccakBlocksCircuit{Msg: uints.NewU8Array(msg)}
		want[31] ^= 1
		copy(wrong.Out[:], uints.NewU8Array(want))
		if err := test.IsSolved(circuit, wrong, ecc.BN254.ScalarField()); err == nil {
			t.Fatalf("%d bytes: a wrong digest passed", n)
		}
	}
}
