package hashing

import (
	"fmt"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/consensys/gnark-crypto/ecc/bn254/fr/poseidon2"
)

// TreeDepth is the depth of the indexed Merkle tree: 2^32 leaves.
const TreeDepth = 32

// Domain tags, one per kind of hash (docs/spec/hashing.md, "Domain separation").
const (
	DomainLeaf uint64 = 1
)

var permutation = poseidon2.NewDefaultPermutation()

// Permute applies the Poseidon2 width-2 permutation to (a, b).
func Permute(a, b fr.Element) (fr.Element, fr.Element) {
	state := []fr.Element{a, b}
	if err := permutation.Permutation(state); err != nil {
		panic(err) // width is fixed to 2: cannot happen
	}
	return state[0], state[1]
}

// Compress is gnark-crypto's Poseidon2 compression: P(left, right)[1] + right.
func Compress(left, right fr.Element) fr.Element {
	_, out := Permute(left, right)
	out.Add(&out, &right)
	return out
}

// LeafHash hashes an indexed-tree leaf (key, nextKey, value):
// C(C(C(DomainLeaf, key), nextKey), value).
func LeafHash(key, nextKey, value fr.Element) fr.Element {
	acc := fr.NewElement(DomainLeaf)
	acc = Compress(acc, key)
	acc = Compress(acc, nextKey)
	return Compress(acc, value)
}

// NodeHash hashes two children into their parent: C(left, right).
func NodeHash(left, right fr.Element) fr.Element {
	return Compress(left, right)
}

// EmptySubtreeRoots returns Z[0..TreeDepth]: Z[0] = 0 (an empty leaf slot) and
// Z[h+1] = NodeHash(Z[h], Z[h]).
func EmptySubtreeRoots() []fr.Element {
	roots := make([]fr.Element, TreeDepth+1)
	for h := 0; h < TreeDepth; h++ {
		roots[h+1] = NodeHash(roots[h], roots[h])
	}
	return roots
}

// RootFromPath folds a leaf hash up a Merkle path. Bit h of index says whether
// the node at height h is a right child (1) or a left child (0).
func RootFromPath(leaf fr.Element, index uint64, siblings []fr.Element) fr.Element {
	acc := leaf
	for h, sibling := range siblings {
		if (index>>uint(h))&1 == 1 {
			acc = NodeHash(sibling, acc)
		} else {
			acc = NodeHash(acc, sibling)
		}
	}
	return acc
}

// GenesisRoot is the root of the tree that holds only the sentinel leaf
// (0, 0, 0) at index 0.
func GenesisRoot() fr.Element {
	zero := fr.Element{}
	empty := EmptySubtreeRoots()
	return RootFromPath(LeafHash(zero, zero, zero), 0, empty[:TreeDepth])
}

// FromBytes decodes a 32-byte big-endian canonical field element.
func FromBytes(b []byte) (fr.Element, error) {
	var e fr.Element
	if len(b) != fr.Bytes {
		return e, fmt.Errorf("field element must be %d bytes, got %d", fr.Bytes, len(b))
	}
	if err := e.SetBytesCanonical(b); err != nil {
		return e, fmt.Errorf("non-canonical field element: %w", err)
	}
	return e, nil
}
