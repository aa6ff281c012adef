package batch

import "testing"

// PinnedConstraints is the R1CS constraint count of the one-slot batch circuit
// (BN254). A change of the circuit shows here first; update docs/spec/proof.md
// and doc.go with it. (The budget of 650,000 per slot is met by the amortised
// cost of the larger batches, which ./bench prover measures: the public input's
// Keccak-256, two or more permutations, is paid once per batch.)
const PinnedConstraints = 821_019

func TestConstraintCountIsPinned(t *testing.T) {
	if got := compile(t, shape{1, true}).GetNbConstraints(); got != PinnedConstraints {
		t.Errorf("batch-1: %d constraints, pinned %d", got, PinnedConstraints)
	}
}
