// Command gen-aggregation-vectors writes the vectors of the aggregation
// public input and tree (docs/spec/aggregation.md §3, §4) that the Java, Go
// and Solidity test suites all check. Run it from keystore-circuits/:
//
//	go run ./cmd/gen-aggregation-vectors -out ../test-vectors/aggregation-v1.json
package main

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"os"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"

	"github.com/keystore-rollup/keystore-circuits/aggregation"
)

type node struct {
	KeyHash string `json:"keyHash"`
	Input   string `json:"input"`
}

type single struct {
	Entry       node   `json:"entry"`
	PublicInput string `json:"publicInput"`
}

type pair struct {
	Left        node   `json:"left"`
	Right       node   `json:"right"`
	PublicInput string `json:"publicInput"`
}

type tree struct {
	AggregationKeyHash string `json:"aggregationKeyHash"`
	Leaves             []node `json:"leaves"`
	PublicInput        string `json:"publicInput"`
	Proofs             int    `json:"proofs"`
}

type file struct {
	Spec        string   `json:"spec"`
	Description string   `json:"description"`
	Singles     []single `json:"singles"`
	Pairs       []pair   `json:"pairs"`
	Trees       []tree   `json:"trees"`
}

var counter uint64

// draw is a deterministic pseudo-random 32-byte value: a field element for a
// key hash, below 2^253 for a batch's public input.
func draw(input bool) [32]byte {
	counter++
	var seed [8]byte
	binary.BigEndian.PutUint64(seed[:], counter)
	sum := sha256.Sum256(append([]byte("keystore aggregation vectors"), seed[:]...))
	if input {
		sum[0] &= 0x1f
		return sum
	}
	var e fr.Element
	e.SetBytes(sum[:])
	return e.Bytes()
}

func hx(b [32]byte) string { return "0x" + hex.EncodeToString(b[:]) }

func nodeOf(n aggregation.Node) node { return node{KeyHash: hx(n.KeyHash), Input: hx(n.Input)} }

func randomNode() aggregation.Node { return aggregation.Node{KeyHash: draw(false), Input: draw(true)} }

func main() {
	out := flag.String("out", "../test-vectors/aggregation-v1.json", "output file")
	flag.Parse()
	f := file{
		Spec: "docs/spec/aggregation.md §3 (public input of aggregate-2) and §4 (the tree L1 recomputes)",
		Description: "singles: aggregate-2 with one used entry; pairs: aggregate-2 with two; " +
			"trees: the root's public input over n leaves (a lone node moves up as it is) and the number of aggregate-2 proofs it takes",
	}
	for i := 0; i < 3; i++ {
		n := randomNode()
		pi, err := aggregation.PublicInput(2, [][32]byte{n.KeyHash}, [][32]byte{n.Input})
		if err != nil {
			panic(err)
		}
		f.Singles = append(f.Singles, single{Entry: nodeOf(n), PublicInput: hx(pi)})
	}
	aggKey := draw(false)
	for i := 0; i < 4; i++ {
		a, b := randomNode(), randomNode()
		f.Pairs = append(f.Pairs, pair{Left: nodeOf(a), Right: nodeOf(b), PublicInput: hx(aggregation.Pair(a, b, aggKey).Input)})
	}
	for _, n := range []int{2, 3, 4, 5, 7, 8, 9, 16, 17} {
		// leaves of two batch sizes, as a node's trees mix them
		keys := [2][32]byte{draw(false), draw(false)}
		leaves := make([]aggregation.Node, n)
		for i := range leaves {
			leaves[i] = aggregation.Node{KeyHash: keys[i%3/2], Input: draw(true)}
		}
		root, proofs, err := aggregation.Root(leaves, aggKey)
		if err != nil {
			panic(err)
		}
		t := tree{AggregationKeyHash: hx(aggKey), PublicInput: hx(root.Input), Proofs: proofs}
		for _, l := range leaves {
			t.Leaves = append(t.Leaves, nodeOf(l))
		}
		f.Trees = append(f.Trees, t)
	}
	data, err := json.MarshalIndent(f, "", "  ")
	if err == nil {
		err = os.WriteFile(*out, append(data, '\n'), 0o644)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen-aggregation-vectors:", err)
		os.Exit(1)
	}
	fmt.Println("wrote", *out)
}
