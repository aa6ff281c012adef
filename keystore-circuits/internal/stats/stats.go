package stats

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"testing"
)

//go:embed constraints.json
var snapshot []byte

// Counts returns the snapshot: constraint count by circuit name.
func Counts() (map[string]int, error) {
	var counts map[string]int
	if err := json.Unmarshal(snapshot, &counts); err != nil {
		return nil, fmt.Errorf("internal/stats/constraints.json: %w", err)
	}
	return counts, nil
}

// Check fails t unless got is the pinned count of the named circuit.
func Check(t testing.TB, name string, got int) {
	t.Helper()
	counts, err := Counts()
	if err != nil {
		t.Fatal(err)
	}
	want, ok := counts[name]
	switch {
	case !ok:
		t.Errorf("%s: %d constraints, none pinned: add it to internal/stats/constraints.json", name, got)
	case got != want:
		t.Errorf("%s: %d constraints, pinned %d: a change of the circuit; update internal/stats/constraints.json and the documents that quote it", name, got, want)
	}
}
