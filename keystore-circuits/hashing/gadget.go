package hashing

import (
	"github.com/consensys/gnark/frontend"
	"github.com/consensys/gnark/std/permutation/poseidon2"
)

// Gadget computes the hashing spec inside a circuit.
type Gadget struct {
	api  frontend.API
	perm *poseidon2.Permutation
}

// NewGadget binds the gadget to a circuit's API, with gnark's default BN254
// Poseidon2 parameters (the same as gnark-crypto's).
func NewGadget(api frontend.API) (*Gadget, error) {
	perm, err := poseidon2.NewPoseidon2(api)
	if err != nil {
		return nil, err
	}
	return &Gadget{api: api, perm: perm}, nil
}

// Compress is the in-circuit Poseidon2 compression, equal to [Compress].
func (g *Gadget) Compress(left, right frontend.Variable) frontend.Variable {
	return g.perm.Compress(left, right)
}

// LeafHash is the in-circuit [LeafHash].
func (g *Gadget) LeafHash(key, nextKey, value frontend.Variable) frontend.Variable {
	acc := g.Compress(DomainLeaf, key)
	acc = g.Compress(acc, nextKey)
	return g.Compress(acc, value)
}

// NodeHash is the in-circuit [NodeHash].
func (g *Gadget) NodeHash(left, right frontend.Variable) frontend.Variable {
	return g.Compress(left, right)
}

// RootFromPath is the in-circuit [RootFromPath]; indexBits[h] must be boolean
// (the caller constrains it, typically with api.ToBinary).
func (g *Gadget) RootFromPath(leaf frontend.Variable, indexBits []frontend.Variable, siblings []frontend.Variable) frontend.Variable {
	acc := leaf
	for h, sibling := range siblings {
		left := g.api.Select(indexBits[h], sibling, acc)
		right := g.api.Select(indexBits[h], acc, sibling)
		acc = g.NodeHash(left, right)
	}
	return acc
}
