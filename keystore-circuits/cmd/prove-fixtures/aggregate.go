package main

import (
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/keystore-rollup/keystore-circuits/aggregation"
	"github.com/keystore-rollup/keystore-circuits/batch"
	"github.com/keystore-rollup/keystore-circuits/prover"
)

// aggregateCircuit is the aggregation circuit of the trees (aggregation.md §3).
const aggregateCircuit = "aggregate-2"

// aggregatedFixture is what submitAggregated takes for the first Count batches
// (each as in the single-batch fixtures, without its own proof), its proof,
// and what the contract must compute on the way: each batch's public input
// (proof.md §3), the leaves' key hashes, the aggregation key hash and the
// tree's root input (aggregation.md §4).
type aggregatedFixture struct {
	Count              int       `json:"count"`
	Batches            []fixture `json:"batches"`
	KeyHashes          []string  `json:"keyHashes"`
	Inputs             []string  `json:"inputs"`
	AggregationKeyHash string    `json:"aggregationKeyHash"`
	PublicInput        string    `json:"publicInput"`
	Proofs             int       `json:"proofs"`
	Proof              string    `json:"proof"`
}

// provenNode is a node of the tree with the proof that stands for it.
type provenNode struct {
	node    aggregation.Node
	circuit string
	proof   prover.Proof
}

// aggregated writes aggregated-<n>.json for each n of counts: the first n
// batches proven for aggregation (shared by the trees), then the tree of
// aggregate-2 proofs over them, inner nodes for aggregation and the root for
// L1. The aggregate-2 proofs run under an exclusive flock of lockPath when it
// is not empty (each takes about a minute and up to ~10 GB). With reuse, the
// fixtures are left as they are when they were proven from the same inputs
// (inputsStamp).
func aggregated(out string, counts []int, cache, lockPath string, reuse bool) error {
	maxCount := 0
	for _, n := range counts {
		if n < 2 {
			return fmt.Errorf("an aggregate has at least two batches, got %d", n)
		}
		maxCount = max(maxCount, n)
	}
	stamp, err := inputsStamp(counts, cache)
	if err != nil {
		return err
	}
	if reuse && upToDate(out, counts, stamp) {
		fmt.Fprintf(os.Stderr, "[prove-fixtures] aggregated fixtures %v up to date (same circuits, keys and vectors)\n", counts)
		return nil
	}
	file, path, err := readVectors()
	if err != nil {
		return err
	}
	chosen, err := choose(file.Batches, maxCount, "")
	if err != nil {
		return fmt.Errorf("%w in %s", err, path)
	}
	aggC, err := prover.Lookup(aggregateCircuit)
	if err != nil {
		return err
	}
	aggKeys, err := prover.LoadOrSetup(aggC, cache, nil)
	if err != nil {
		return err
	}
	aggHash, err := aggKeys.KeyHash()
	if err != nil {
		return err
	}
	// the leaves, proven for the aggregation circuit
	leaves := make([]provenNode, len(chosen))
	described := make([]fixture, len(chosen))
	for i, v := range chosen {
		raw, err := hex.DecodeString(strings.TrimPrefix(v.Witness, "0x"))
		if err != nil {
			return err
		}
		w, err := batch.ParseWitness(v.Slots, raw)
		if err != nil {
			return err
		}
		name := batch.CircuitName(v.Slots)
		c, err := prover.Lookup(name)
		if err != nil {
			return err
		}
		keys, err := prover.LoadOrSetup(c, cache, nil)
		if err != nil {
			return err
		}
		keyHash, err := keys.KeyHash()
		if err != nil {
			return err
		}
		proof, err := prover.ProveFor(keys, raw, prover.TargetAggregation, nil)
		if err != nil {
			return fmt.Errorf("%s: %w", v.Name, err)
		}
		if described[i], err = describe(v, w); err != nil {
			return err
		}
		described[i].PublicInput = hx(proof.PublicInputs[0])
		leaves[i] = provenNode{aggregation.Node{KeyHash: keyHash.Bytes(), Input: proof.PublicInputs[0]}, name, proof}
	}
	unlock, err := lock(lockPath)
	if err != nil {
		return err
	}
	defer unlock()
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	for _, n := range counts {
		root, proofs, err := tree(leaves[:n], aggKeys, aggHash.Bytes())
		if err != nil {
			return err
		}
		want, wantProofs, err := aggregation.Root(nodesOf(leaves[:n]), aggHash.Bytes())
		if err != nil {
			return err
		}
		if root.node != want || proofs != wantProofs {
			return fmt.Errorf("the proven tree's root %x (%d proofs) is not aggregation.Root's %x (%d)", root.node.Input, proofs, want.Input, wantProofs)
		}
		if err := prover.VerifyFor(aggKeys, root.proof, prover.TargetL1); err != nil {
			return fmt.Errorf("the root proof of %d batches: %w", n, err)
		}
		f := aggregatedFixture{
			Count:              n,
			Batches:            described[:n],
			AggregationKeyHash: hx(aggHash.Bytes()),
			PublicInput:        hx(root.node.Input),
			Proofs:             proofs,
			Proof:              "0x" + hex.EncodeToString(root.proof.Solidity),
		}
		for _, l := range leaves[:n] {
			f.KeyHashes = append(f.KeyHashes, hx(l.node.KeyHash))
			f.Inputs = append(f.Inputs, hx(l.node.Input))
		}
		encoded, err := json.MarshalIndent(f, "", "  ")
		if err != nil {
			return err
		}
		target := filepath.Join(out, fmt.Sprintf("aggregated-%d.json", n))
		if err := os.WriteFile(target, append(encoded, '\n'), 0o644); err != nil {
			return err
		}
		fmt.Fprintf(os.Stderr, "[prove-fixtures] %d batches, %d aggregate-2 proofs: %s\n", n, proofs, target)
	}
	// the manifests as they are now (a first run sets the keys up)
	if stamp, err = inputsStamp(counts, cache); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(out, stampFile), []byte(stamp+"\n"), 0o644)
}

// tree proves the aggregation tree over the leaves level by level, left to
// right, a lone node moving up as it is (aggregation.md §4): the root for L1,
// every other aggregate-2 proof for aggregation. Returns the root and the
// number of aggregate-2 proofs.
func tree(leaves []provenNode, aggKeys *prover.Keys, aggHash [32]byte) (provenNode, int, error) {
	nodes, proofs := leaves, 0
	for len(nodes) > 1 {
		next := make([]provenNode, 0, (len(nodes)+1)/2)
		for j := 0; j < len(nodes); j += 2 {
			if j+1 == len(nodes) {
				next = append(next, nodes[j])
				continue
			}
			target := prover.TargetAggregation
			if len(nodes) == 2 {
				target = prover.TargetL1 // the root
			}
			a, b := nodes[j], nodes[j+1]
			witness, err := aggregation.EncodeWitness([]aggregation.InnerProof{
				{Circuit: a.circuit, Proof: a.proof.Solidity, Input: a.node.Input},
				{Circuit: b.circuit, Proof: b.proof.Solidity, Input: b.node.Input},
			})
			if err != nil {
				return provenNode{}, 0, err
			}
			start := time.Now()
			proof, err := prover.ProveFor(aggKeys, witness, target, nil)
			if err != nil {
				return provenNode{}, 0, fmt.Errorf("aggregate-2 over nodes %d and %d: %w", j, j+1, err)
			}
			proofs++
			fmt.Fprintf(os.Stderr, "[prove-fixtures] aggregate-2 proof for %s in %s\n", target, time.Since(start).Round(time.Second))
			pair := aggregation.Pair(a.node, b.node, aggHash)
			if proof.PublicInputs[0] != pair.Input {
				return provenNode{}, 0, fmt.Errorf("aggregate-2's public input %x is not the pair's %x", proof.PublicInputs[0], pair.Input)
			}
			next = append(next, provenNode{pair, aggregateCircuit, proof})
		}
		nodes = next
	}
	return nodes[0], proofs, nil
}

func nodesOf(proven []provenNode) []aggregation.Node {
	out := make([]aggregation.Node, len(proven))
	for i, p := range proven {
		out[i] = p.node
	}
	return out
}

func hx(b [32]byte) string { return "0x" + hex.EncodeToString(b[:]) }
