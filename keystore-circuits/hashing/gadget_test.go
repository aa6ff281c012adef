package hashing

import (
	"testing"

	"github.com/consensys/gnark-crypto/ecc"
	"github.com/consensys/gnark/frontend"
	"github.com/consensys/gnark/frontend/cs/r1cs"
	"github.com/consensys/gnark/test"

	"github.com/keystore-rollup/keystore-circuits/internal/stats"
	"github.com/keystore-rollup/keystore-circuits/internal/vectors"
)

type compressCircuit struct {
	Left, Right, Out frontend.Variable
}

func (c *compressCircuit) Define(api frontend.API) error {
	g, err := NewGadget(api)
	if err != nil {
		return err
	}
	api.AssertIsEqual(g.Compress(c.Left, c.Right), c.Out)
	return nil
}

type leafCircuit struct {
	Key, NextKey, Value, Hash frontend.Variable
}

func (c *leafCircuit) Define(api frontend.API) error {
	g, err := NewGadget(api)
	if err != nil {
		return err
	}
	api.AssertIsEqual(g.LeafHash(c.Key, c.NextKey, c.Value), c.Hash)
	return nil
}

type pathCircuit struct {
	Leaf     frontend.Variable
	Index    frontend.Variable
	Siblings [TreeDepth]frontend.Variable
	Root     frontend.Variable
}

func (c *pathCircuit) Define(api frontend.API) error {
	g, err := NewGadget(api)
	if err != nil {
		return err
	}
	bits := api.ToBinary(c.Index, TreeDepth)
	api.AssertIsEqual(g.RootFromPath(c.Leaf, bits, c.Siblings[:]), c.Root)
	return nil
}

func TestGadgetCompressMatchesVectorsAndRejectsWrongOutputs(t *testing.T) {
	assert := test.NewAssert(t)
	f := loadVectors(t)
	for i, v := range f.Compress {
		if testing.Short() && i%10 != 0 {
			continue
		}
		valid := &compressCircuit{Left: v.Left, Right: v.Right, Out: v.Out}
		assert.SolvingSucceeded(&compressCircuit{}, valid, test.WithCurves(ecc.BN254))
	}
	v := f.Compress[0]
	wrong := vectors.Elem(v.Out)
	wrong.SetUint64(wrong.Uint64() + 1)
	assert.SolvingFailed(&compressCircuit{}, &compressCircuit{Left: v.Left, Right: v.Right, Out: wrong.String()}, test.WithCurves(ecc.BN254))
	// swapping the inputs must change the output: compress is not symmetric
	asym := f.Compress[len(f.Compress)-1]
	if asym.Left != asym.Right {
		assert.SolvingFailed(&compressCircuit{}, &compressCircuit{Left: asym.Right, Right: asym.Left, Out: asym.Out}, test.WithCurves(ecc.BN254))
	}
}

func TestGadgetLeafHashMatchesVectorsAndRejectsAChangedField(t *testing.T) {
	assert := test.NewAssert(t)
	f := loadVectors(t)
	for _, v := range f.Leaf {
		assert.SolvingSucceeded(&leafCircuit{}, &leafCircuit{Key: v.Key, NextKey: v.NextKey, Value: v.Value, Hash: v.Hash}, test.WithCurves(ecc.BN254))
	}
	v := f.Leaf[3]
	assert.SolvingFailed(&leafCircuit{}, &leafCircuit{Key: v.NextKey, NextKey: v.Key, Value: v.Value, Hash: v.Hash}, test.WithCurves(ecc.BN254))
}

func TestGadgetRootFromPathReachesTheGenesisRoot(t *testing.T) {
	assert := test.NewAssert(t)
	f := loadVectors(t)
	var valid pathCircuit
	valid.Leaf = f.Leaf[0].Hash // leafHash(0, 0, 0): the sentinel
	valid.Index = 0
	for h := 0; h < TreeDepth; h++ {
		valid.Siblings[h] = f.EmptySubtreeRoots[h]
	}
	valid.Root = f.GenesisRoot
	assert.SolvingSucceeded(&pathCircuit{}, &valid, test.WithCurves(ecc.BN254))

	moved := valid
	moved.Index = 1 // the same leaf at another index gives another root
	assert.SolvingFailed(&pathCircuit{}, &moved, test.WithCurves(ecc.BN254))
}

// The gadgets' costs, each in a circuit of its own, are pinned in
// internal/stats/constraints.json.
func TestGadgetConstraintCountsArePinned(t *testing.T) {
	for name, circuit := range map[string]frontend.Circuit{
		"hashing/Compress": &compressCircuit{},
		"hashing/LeafHash": &leafCircuit{},
	} {
		cs, err := frontend.Compile(ecc.BN254.ScalarField(), r1cs.NewBuilder, circuit)
		if err != nil {
			t.Fatal(err)
		}
		stats.Check(t, name, cs.GetNbConstraints())
	}
}
