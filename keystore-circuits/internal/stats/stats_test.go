package stats_test

import (
	"testing"

	"github.com/keystore-rollup/keystore-circuits/internal/stats"
	"github.com/keystore-rollup/keystore-circuits/prover"
	_ "github.com/keystore-rollup/keystore-circuits/prover/registered"
)

func TestSnapshotPinsEveryRegisteredCircuit(t *testing.T) {
	counts, err := stats.Counts()
	if err != nil {
		t.Fatal(err)
	}
	for name, n := range counts {
		if n <= 0 {
			t.Errorf("%s: %d constraints", name, n)
		}
	}
	for _, name := range prover.Names() {
		if _, ok := counts[name]; !ok {
			t.Errorf("registered circuit %s has no count in constraints.json", name)
		}
	}
}
