package batch

import (
	"fmt"

	"github.com/consensys/gnark/frontend"

	"github.com/keystore-rollup/keystore-circuits/prover"
)

// Sizes are the compiled batch sizes: "batch-1", "batch-4" and "batch-16".
var Sizes = []int{1, 4, 16}

func init() {
	for _, s := range Sizes {
		prover.Register(Registered{Slots: s})
	}
}

// Registered is the prover.Circuit of the batch circuit with Slots slots.
type Registered struct{ Slots int }

// CircuitName is the registered name of the batch circuit of the given size.
func CircuitName(slots int) string { return fmt.Sprintf("batch-%d", slots) }

// Name implements prover.Circuit.
func (r Registered) Name() string { return CircuitName(r.Slots) }

// Definition implements prover.Circuit.
func (r Registered) Definition() frontend.Circuit { return New(r.Slots) }

// Assign implements prover.Circuit: the witness bytes of proof.md §2.
func (r Registered) Assign(witness []byte) (frontend.Circuit, error) {
	w, err := ParseWitness(r.Slots, witness)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", prover.ErrInvalidWitness, err)
	}
	return w.Assignment(), nil
}
