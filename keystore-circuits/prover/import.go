package prover

import (
	"fmt"
	"io"
	"path/filepath"

	"github.com/consensys/gnark-crypto/ecc"
	groth16bn254 "github.com/consensys/gnark/backend/groth16/bn254"
	"github.com/consensys/gnark/constraint"
	cs "github.com/consensys/gnark/constraint/bn254"
	"github.com/consensys/gnark/frontend"
	"github.com/consensys/gnark/frontend/cs/r1cs"
)

// ImportKeys stores Groth16 keys made outside this package for circuit c,
// such as a ceremony's (a phase-1 powers of tau, then gnark's phase-2 MPC,
// backend/groth16/bn254/mpcsetup, whose keys are written with WriteTo), in
// the key cache where LoadOrSetup finds them (docs/spec/aggregation.md §8).
// It compiles c, checks that the keys fit it (public inputs, commitments,
// domain size) and each other (α, β, δ), and records setup, the ceremony's
// description, in the manifest; LoadOrSetup then prints no UNSAFE banner.
// Keys already in the cache for the same circuit hash are replaced.
func ImportKeys(c Circuit, cacheDir string, pkIn, vkIn io.Reader, setup string) (*Keys, error) {
	if cacheDir == "" {
		cacheDir = DefaultCacheDir()
	}
	if setup == "" || len(setup) > 500 {
		return nil, fmt.Errorf("import keys of %s: describe the ceremony in 1 to 500 characters", c.Name())
	}
	compiled, err := frontend.Compile(ecc.BN254.ScalarField(), r1cs.NewBuilder, c.Definition())
	if err != nil {
		return nil, fmt.Errorf("compile %s: %w", c.Name(), err)
	}
	ccs := compiled.(*cs.R1CS)
	sum, err := circuitHash(ccs)
	if err != nil {
		return nil, err
	}
	pk, vk := new(groth16bn254.ProvingKey), new(groth16bn254.VerifyingKey)
	if _, err := pk.ReadFrom(pkIn); err != nil {
		return nil, fmt.Errorf("import keys of %s: proving key: %w", c.Name(), err)
	}
	if _, err := vk.ReadFrom(vkIn); err != nil {
		return nil, fmt.Errorf("import keys of %s: verifying key: %w", c.Name(), err)
	}
	if err := keysFit(ccs, pk, vk); err != nil {
		return nil, fmt.Errorf("import keys of %s: %w", c.Name(), err)
	}
	k := &Keys{
		circuit:  c,
		hash:     sum,
		dir:      filepath.Join(cacheDir, "keys", fmt.Sprintf("%s-%s-gnark-%s", c.Name(), sum[:16], GnarkVersion)),
		ccs:      ccs,
		pk:       pk,
		vk:       vk,
		stateful: hasStatefulBlueprints(ccs),
		setup:    setup,
	}
	if err := removeAll(k.dir); err != nil {
		return nil, err
	}
	if err := k.store(); err != nil {
		return nil, fmt.Errorf("store keys of %s: %w", c.Name(), err)
	}
	return k, nil
}

// keysFit checks that pk and vk are one setup's keys for ccs.
func keysFit(ccs *cs.R1CS, pk *groth16bn254.ProvingKey, vk *groth16bn254.VerifyingKey) error {
	commitments := len(ccs.CommitmentInfo.(constraint.Groth16Commitments))
	if want := ccs.GetNbPublicVariables() + commitments; len(vk.G1.K) != want {
		return fmt.Errorf("the verifying key has %d K points, the circuit needs %d", len(vk.G1.K), want)
	}
	if len(vk.PublicAndCommitmentCommitted) != commitments || len(pk.CommitmentKeys) != commitments {
		return fmt.Errorf("the keys have %d/%d commitment keys, the circuit has %d commitments",
			len(vk.PublicAndCommitmentCommitted), len(pk.CommitmentKeys), commitments)
	}
	if n := uint64(ccs.GetNbConstraints()); pk.Domain.Cardinality < n {
		return fmt.Errorf("the proving key's domain (%d) is smaller than the circuit (%d constraints)", pk.Domain.Cardinality, n)
	}
	if !pk.G1.Alpha.Equal(&vk.G1.Alpha) || !pk.G1.Beta.Equal(&vk.G1.Beta) || !pk.G2.Beta.Equal(&vk.G2.Beta) ||
		!pk.G1.Delta.Equal(&vk.G1.Delta) || !pk.G2.Delta.Equal(&vk.G2.Delta) {
		return fmt.Errorf("the proving and verifying keys come from different setups (α, β or δ differ)")
	}
	return nil
}
