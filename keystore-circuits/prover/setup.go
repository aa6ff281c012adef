package prover

import (
	"crypto/rand"
	"crypto/sha256"
	"fmt"
	mathrand "math/rand/v2"
	"os"
	"sync"

	"github.com/consensys/gnark/backend/groth16"
	cs "github.com/consensys/gnark/constraint/bn254"
)

// devSeed seeds the development setup. Every secret of the setup (τ, α, β,
// γ, δ and the commitment keys' σ) derives from it, so anyone can recompute
// them: keys made this way are for development only.
var devSeed = sha256.Sum256([]byte("keystore-rollup development setup: UNSAFE FOR PRODUCTION, toxic waste is public"))

// randMu orders the development setup, which replaces crypto/rand.Reader for
// its duration, against everything in this package that needs real
// randomness (proving: the blinding factors r and s). Setup holds it
// exclusively, Prove shared.
var randMu sync.RWMutex

// devSetup runs gnark's own groth16.Setup with crypto/rand.Reader replaced by
// a ChaCha8 stream seeded with devSeed. gnark v0.16.1 draws every secret of
// the setup from crypto/rand (fr.Element.SetRandom, RandomOnG2, the Pedersen
// σ) in a fixed order on the calling goroutine, so the same circuit always
// gets the same keys; TestSetupIsDeterministic checks it, and will catch a
// gnark upgrade that changes this.
//
// While it runs, any other crypto/rand reader in the process would get the
// same predictable stream: in this package, Prove waits on randMu; code
// outside it that draws secrets from crypto/rand must not run concurrently
// with a development setup (the native library and the commands have none).
//
// Why not gnark's mpcsetup sealed with a beacon, which is deterministic by
// design: its phase-2 initialisation works one curve operation per R1CS term
// on one core, 62 s against 7 s for this path on a 16k-constraint circuit,
// which would be hours for a batch circuit.
func devSetup(ccs *cs.R1CS) (groth16.ProvingKey, groth16.VerifyingKey, error) {
	randMu.Lock()
	defer randMu.Unlock()
	saved := rand.Reader
	rand.Reader = mathrand.NewChaCha8(devSeed)
	defer func() { rand.Reader = saved }()
	return groth16.Setup(ccs)
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
