package prover

import (
	"crypto/sha256"
	"fmt"
	"os"
	"sync"

	"github.com/consensys/gnark-crypto/ecc"
	"github.com/consensys/gnark/backend/groth16"
	"github.com/consensys/gnark/backend/groth16/bn254/mpcsetup"
	cs "github.com/consensys/gnark/constraint/bn254"
)

// devBeacon seeds the development setup. Every secret of the setup (τ, α, β,
// δ and the commitment keys' σ) derives from it and from the circuit, so
// anyone can recompute them: keys made this way are for development only.
var devBeacon = sha256.Sum256([]byte("keystore-rollup development setup: UNSAFE FOR PRODUCTION, toxic waste is public"))

// devSetup runs gnark's Groth16 MPC setup (phase 1 and phase 2) with no
// contribution at all, sealed with the fixed public beacon. The result is a
// valid, deterministic key pair for ccs: the same circuit always gets the
// same keys. A real ceremony runs the same two phases with contributions
// between Initialize and Seal.
func devSetup(ccs *cs.R1CS) (groth16.ProvingKey, groth16.VerifyingKey, error) {
	n := ecc.NextPowerOfTwo(uint64(ccs.GetNbConstraints()))
	if n < 2 {
		n = 2
	}
	var p1 mpcsetup.Phase1
	p1.Initialize(n)
	commons := p1.Seal(devBeacon[:])

	var p2 mpcsetup.Phase2
	evals := p2.Initialize(ccs, &commons)
	pk, vk := p2.Seal(&commons, &evals, devBeacon[:])
	return pk, vk, nil
}

var warnOnce sync.Map

// warnUnsafe prints, once per circuit and process, that the keys come from
// the development setup.
func warnUnsafe(name string) {
	if _, seen := warnOnce.LoadOrStore(name, true); seen {
		return
	}
	fmt.Fprintf(os.Stderr, `
################################################################################
##  WARNING: circuit %q uses keys from the DEVELOPMENT setup.
##  They are UNSAFE FOR PRODUCTION: the toxic waste derives from a public
##  constant, so anyone can forge proofs. Use them for tests and devnets only.
################################################################################
`, name)
}
