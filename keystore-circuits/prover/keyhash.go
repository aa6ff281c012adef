package prover

import (
	"fmt"

	"github.com/consensys/gnark-crypto/ecc"
	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	groth16bn254 "github.com/consensys/gnark/backend/groth16/bn254"
	"github.com/consensys/gnark/frontend"
	"github.com/consensys/gnark/std/algebra/emulated/sw_bn254"
	stdgroth16 "github.com/consensys/gnark/std/recursion/groth16"

	"github.com/keystore-rollup/keystore-circuits/hashing"
)

// DomainVerifyingKey is the domain tag of a verifying key's hash
// (docs/spec/hashing.md §3, docs/spec/aggregation.md §2).
const DomainVerifyingKey uint64 = 10

// keyOnly is a circuit of one key, for reading the limbs of a key's witness
// exactly as a circuit's schema lays them out.
type keyOnly struct {
	Key stdgroth16.VerifyingKey[sw_bn254.G1Affine, sw_bn254.G2Affine, sw_bn254.GTEl]
}

func (*keyOnly) Define(frontend.API) error { return nil }

// KeyHash is the hash by which an aggregation names the verifying key of an
// inner proof (docs/spec/aggregation.md §2): H_10 over the 64-bit limbs of
// every base-field coordinate of the key as an aggregation circuit's witness
// holds them (E, the K points, −γ, −δ, the commitment keys), in that order.
// The aggregation circuit computes the same hash of the key it verifies with
// (aggregation.KeyHashGadget).
func KeyHash(vk *groth16bn254.VerifyingKey) (fr.Element, error) {
	key, err := stdgroth16.ValueOfVerifyingKey[sw_bn254.G1Affine, sw_bn254.G2Affine, sw_bn254.GTEl](vk)
	if err != nil {
		return fr.Element{}, fmt.Errorf("key hash: %w", err)
	}
	w, err := frontend.NewWitness(&keyOnly{Key: key}, ecc.BN254.ScalarField())
	if err != nil {
		return fr.Element{}, fmt.Errorf("key hash: %w", err)
	}
	limbs := w.Vector().(fr.Vector)
	acc := fr.NewElement(DomainVerifyingKey)
	for i := range limbs {
		acc = hashing.Compress(acc, limbs[i])
	}
	return acc, nil
}

// KeyHash is KeyHash of these keys' verifying key.
func (k *Keys) KeyHash() (fr.Element, error) { return KeyHash(k.vk) }
