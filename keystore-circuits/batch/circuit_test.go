package batch

import (
	"fmt"
	"os"
	"testing"

	"github.com/keystore-rollup/keystore-circuits/internal/stats"
)

// The batch circuits' constraint counts are pinned in
// internal/stats/constraints.json. batch-1 and batch-4 are compiled here anyway
// (the vectors' batches are solved on them); batch-16 only with
// KEYSTORE_LARGE_BATCHES (see largeSlots). (The budget of 650,000 per slot is
// met by the amortised cost of the larger batches: the public input's
// Keccak-256, two or more permutations, is paid once per batch.)
func TestConstraintCountsArePinned(t *testing.T) {
	for _, slots := range []int{1, 4, 16} {
		if slots > largeSlots && os.Getenv("KEYSTORE_LARGE_BATCHES") == "" {
			t.Logf("batch-%d: skipped (set KEYSTORE_LARGE_BATCHES=1 to compile it)", slots)
			continue
		}
		stats.Check(t, fmt.Sprintf("batch-%d", slots), compile(t, shape{Secp256k1(slots), true}).GetNbConstraints())
	}
	for _, k := range []Kind{{1, SchemeP256}, {1, SchemeWebAuthn}} {
		stats.Check(t, k.Name(), compile(t, shape{k, true}).GetNbConstraints())
	}
}
