package aggregation_test

import (
	"encoding/hex"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/keystore-rollup/keystore-circuits/aggregation"
	"github.com/keystore-rollup/keystore-circuits/internal/vectors"
)

type vectorNode struct{ KeyHash, Input string }

type vectorFile struct {
	Singles []struct {
		Entry       vectorNode
		PublicInput string
	}
	Pairs []struct {
		Left, Right vectorNode
		PublicInput string
	}
	Trees []struct {
		AggregationKeyHash string
		Leaves             []vectorNode
		PublicInput        string
		Proofs             int
	}
}

func b32(t *testing.T, s string) [32]byte {
	t.Helper()
	raw, err := hex.DecodeString(strings.TrimPrefix(s, "0x"))
	if err != nil || len(raw) != 32 {
		t.Fatalf("bad 32-byte hex %q", s)
	}
	var out [32]byte
	copy(out[:], raw)
	return out
}

func (n vectorNode) node(t *testing.T) aggregation.Node {
	return aggregation.Node{KeyHash: b32(t, n.KeyHash), Input: b32(t, n.Input)}
}

func TestAggregationVectors(t *testing.T) {
	path, err := vectors.Find("aggregation-v1.json")
	if err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var f vectorFile
	if err := json.Unmarshal(raw, &f); err != nil {
		t.Fatal(err)
	}
	if len(f.Singles) == 0 || len(f.Pairs) == 0 || len(f.Trees) == 0 {
		t.Fatal("empty vector sets")
	}
	for i, s := range f.Singles {
		n := s.Entry.node(t)
		pi, err := aggregation.PublicInput(2, [][32]byte{n.KeyHash}, [][32]byte{n.Input})
		if err != nil || pi != b32(t, s.PublicInput) {
			t.Errorf("single %d: %x, want %s (%v)", i, pi, s.PublicInput, err)
		}
	}
	for i, p := range f.Pairs {
		// the pairs use the aggregation key of the trees
		got := aggregation.Pair(p.Left.node(t), p.Right.node(t), b32(t, f.Trees[0].AggregationKeyHash))
		if got.Input != b32(t, p.PublicInput) {
			t.Errorf("pair %d: %x, want %s", i, got.Input, p.PublicInput)
		}
	}
	for i, tr := range f.Trees {
		leaves := make([]aggregation.Node, len(tr.Leaves))
		for j := range tr.Leaves {
			leaves[j] = tr.Leaves[j].node(t)
		}
		root, proofs, err := aggregation.Root(leaves, b32(t, tr.AggregationKeyHash))
		if err != nil || root.Input != b32(t, tr.PublicInput) || proofs != tr.Proofs || proofs != len(leaves)-1 {
			t.Errorf("tree %d (%d leaves): %x with %d proofs, want %s with %d (%v)", i, len(leaves), root.Input, proofs, tr.PublicInput, tr.Proofs, err)
		}
	}
	if _, _, err := aggregation.Root(nil, [32]byte{}); err == nil {
		t.Error("a tree of no leaves was accepted")
	}
}
