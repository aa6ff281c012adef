package batch

import (
	"fmt"

	"github.com/consensys/gnark/frontend"

	"github.com/keystore-rollup/keystore-circuits/prover"
)

// Sizes are the compiled secp256k1 batch sizes: "batch-1", "batch-4" and "batch-16".
var Sizes = []int{1, 4, 16}

func init() {
	for _, k := range Kinds {
		prover.Register(Registered{Kind: k})
	}
}

// Registered is the prover.Circuit of the batch circuit of a kind.
type Registered struct{ Kind Kind }

// CircuitName is the registered name of the secp256k1 batch circuit of the given size.
func CircuitName(slots int) string { return Secp256k1(slots).Name() }

// Name implements prover.Circuit.
func (r Registered) Name() string { return r.Kind.Name() }

// Definition implements prover.Circuit.
func (r Registered) Definition() frontend.Circuit { return NewOf(r.Kind) }

// Assign implements prover.Circuit: the witness bytes of proof.md §2 and §9.
func (r Registered) Assign(witness []byte) (frontend.Circuit, error) {
	w, err := ParseWitnessOf(r.Kind, witness)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", prover.ErrInvalidWitness, err)
	}
	return w.Assignment(), nil
}
