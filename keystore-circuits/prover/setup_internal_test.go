package prover

import (
	"bytes"
	"crypto/rand"
	"math/big"
	mathrand "math/rand/v2"
	"testing"

	"github.com/consensys/gnark-crypto/ecc"
	curve "github.com/consensys/gnark-crypto/ecc/bn254"
	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/consensys/gnark/backend/groth16"
	groth16bn254 "github.com/consensys/gnark/backend/groth16/bn254"
	cs "github.com/consensys/gnark/constraint/bn254"
	"github.com/consensys/gnark/frontend"
	"github.com/consensys/gnark/frontend/cs/r1cs"
	"github.com/consensys/gnark/std/rangecheck"
)

// withCommitment has two public inputs and a BSB22 commitment (the range
// check's), like every circuit of the project.
type withCommitment struct {
	X, Y frontend.Variable `gnark:",public"`
	A, B frontend.Variable
}

func (c *withCommitment) Define(api frontend.API) error {
	rangecheck.New(api).Check(c.A, 40)
	rangecheck.New(api).Check(c.B, 20)
	api.AssertIsEqual(api.Mul(c.A, c.B, c.A), c.X)
	api.AssertIsEqual(api.Add(c.A, c.B), c.Y)
	return nil
}

// withoutCommitment has no commitment and a secret wire that no constraint
// uses (its A, B and K are zero: points at infinity in the key).
type withoutCommitment struct {
	Z      frontend.Variable `gnark:",public"`
	X, Y   frontend.Variable
	Unused frontend.Variable
}

func (c *withoutCommitment) Define(api frontend.API) error {
	api.AssertIsEqual(api.Mul(c.X, c.X, c.Y), c.Z)
	return nil
}

// gnarkDevSetup is the development setup as gnark itself computes it: its
// groth16.Setup on the same seeded stream.
func gnarkDevSetup(t *testing.T, ccs *cs.R1CS) (groth16.ProvingKey, groth16.VerifyingKey) {
	randMu.Lock()
	defer randMu.Unlock()
	saved := rand.Reader
	rand.Reader = mathrand.NewChaCha8(devSeed)
	defer func() { rand.Reader = saved }()
	pk, vk, err := groth16.Setup(ccs)
	if err != nil {
		t.Fatal(err)
	}
	return pk, vk
}

func TestDevSetupMatchesGnarkSetup(t *testing.T) {
	for name, circuit := range map[string]frontend.Circuit{
		"with a commitment":    &withCommitment{},
		"without a commitment": &withoutCommitment{},
	} {
		t.Run(name, func(t *testing.T) {
			compiled, err := frontend.Compile(ecc.BN254.ScalarField(), r1cs.NewBuilder, circuit)
			if err != nil {
				t.Fatal(err)
			}
			ccs := compiled.(*cs.R1CS)
			pk, vk, err := devSetup(ccs)
			if err != nil {
				t.Fatal(err)
			}
			wantPk, wantVk := gnarkDevSetup(t, ccs)
			if pk.IsDifferent(wantPk) || vk.IsDifferent(wantVk) {
				t.Fatal("the keys differ from gnark's groth16.Setup on the same seed")
			}
			var got, want bytes.Buffer
			if _, err := pk.WriteRawTo(&got); err != nil {
				t.Fatal(err)
			}
			if _, err := wantPk.(*groth16bn254.ProvingKey).WriteRawTo(&want); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got.Bytes(), want.Bytes()) {
				t.Fatal("the proving keys' bytes differ from gnark's")
			}
			got.Reset()
			want.Reset()
			if _, err := vk.WriteRawTo(&got); err != nil {
				t.Fatal(err)
			}
			if _, err := wantVk.WriteRawTo(&want); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got.Bytes(), want.Bytes()) {
				t.Fatal("the verifying keys' bytes differ from gnark's")
			}
			if name == "without a commitment" && pk.NbInfinityA == 0 {
				t.Fatal("the unused wire should be a point at infinity in A")
			}
		})
	}
}

func TestCombMultipliesLikeTheGroupLaw(t *testing.T) {
	g1, g2 := newG1Comb(), newG2Comb()
	scalars := make([]fr.Element, 3*combChunk+5) // several chunks, a partial one
	for i := range scalars {
		switch i {
		case 0: // zero: the point at infinity
		case 1:
			scalars[i].SetOne()
		case 2:
			scalars[i].SetInt64(-1)
		default:
			scalars[i].MustSetRandom()
		}
	}
	p1, p2 := g1.mulAll(scalars), g2.mulAll(scalars)
	_, _, gen1, gen2 := curve.Generators()
	for _, i := range []int{0, 1, 2, 3, combChunk, 2*combChunk + 7, len(scalars) - 1} {
		want1, want2 := gen1, gen2
		b := scalars[i].BigInt(new(big.Int))
		want1.ScalarMultiplication(&gen1, b)
		want2.ScalarMultiplication(&gen2, b)
		if !p1[i].Equal(&want1) || !p2[i].Equal(&want2) {
			t.Fatalf("scalar %d: comb and group law differ", i)
		}
	}
	if !p1[0].IsInfinity() || !p2[0].IsInfinity() {
		t.Fatal("[0]G should be the point at infinity")
	}
}
