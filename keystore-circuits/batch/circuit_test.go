package batch

import "testing"

// PinnedConstraints is the R1CS constraint count of the one-slot batch circuit
// (BN254). A change of the circuit shows here first; update docs/spec/proof.md
// and doc.go with it.
const PinnedConstraints = 524_072

func TestConstraintCountIsPinned(t *testing.T) {
	got := compile(t, shape{1, true}).GetNbConstraints()
	if got != PinnedConstraints {
		t.Errorf("batch-1: %d constraints, pinned %d", got, PinnedConstraints)
	}
	if got > 650_000 {
		t.Errorf("batch-1: %d constraints per slot, over the 650,000 budget", got)
	}
}
