package aggregation

import "fmt"

// Node is a proof in an aggregation tree, as its parent sees it: the hash of
// the key it is valid under and its public input (aggregation.md §4).
type Node struct {
	KeyHash [32]byte
	Input   [32]byte
}

// Pair is the node of the aggregate-2 proof of a and b.
func Pair(a, b Node, aggregationKeyHash [32]byte) Node {
	pi, err := PublicInput(2, [][32]byte{a.KeyHash, b.KeyHash}, [][32]byte{a.Input, b.Input})
	if err != nil {
		panic(err) // two entries for fan-in 2: cannot fail
	}
	return Node{KeyHash: aggregationKeyHash, Input: pi}
}

// Level pairs the nodes of one level left to right; a lone last node moves
// up as it is (aggregation.md §4).
func Level(nodes []Node, aggregationKeyHash [32]byte) []Node {
	next := make([]Node, 0, (len(nodes)+1)/2)
	for j := 0; j < len(nodes); j += 2 {
		if j+1 < len(nodes) {
			next = append(next, Pair(nodes[j], nodes[j+1], aggregationKeyHash))
		} else {
			next = append(next, nodes[j])
		}
	}
	return next
}

// Root is the root of the tree over the leaves (at least two): the public
// input of the proof submitted to L1, with the number of aggregate-2 proofs
// the tree takes (len(leaves) − 1).
func Root(leaves []Node, aggregationKeyHash [32]byte) (Node, int, error) {
	if len(leaves) < 2 {
		return Node{}, 0, fmt.Errorf("an aggregation tree has at least two leaves, got %d", len(leaves))
	}
	nodes, proofs := leaves, 0
	for len(nodes) > 1 {
		next := Level(nodes, aggregationKeyHash)
		proofs += len(nodes) - len(next)
		nodes = next
	}
	return nodes[0], proofs, nil
}
