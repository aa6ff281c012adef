package aggregation

import (
	"fmt"

	"github.com/consensys/gnark/frontend"

	"github.com/keystore-rollup/keystore-circuits/prover"
)

// FanIns are the compiled fan-ins: "aggregate-2".
var FanIns = []int{2}

func init() {
	for _, k := range FanIns {
		prover.Register(Registered{FanIn: k})
	}
}

// Registered is the prover.Circuit of the aggregation circuit of fan-in FanIn.
type Registered struct{ FanIn int }

// CircuitName is the registered name of the aggregation circuit of fan-in k.
func CircuitName(k int) string { return fmt.Sprintf("aggregate-%d", k) }

// Name implements prover.Circuit.
func (r Registered) Name() string { return CircuitName(r.FanIn) }

// Definition implements prover.Circuit.
func (r Registered) Definition() frontend.Circuit { return New(r.FanIn) }

// Assign implements prover.Circuit: the witness bytes of aggregation.md §5.
// The inner proofs' keys must be loaded in this process.
func (r Registered) Assign(witness []byte) (frontend.Circuit, error) {
	proofs, err := DecodeWitness(witness)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %v", prover.ErrInvalidWitness, r.Name(), err)
	}
	c, err := Assignment(r.FanIn, proofs)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %v", prover.ErrInvalidWitness, r.Name(), err)
	}
	return c, nil
}
