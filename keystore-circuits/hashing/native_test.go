package hashing

import (
	"testing"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"

	"github.com/keystore-rollup/keystore-circuits/internal/vectors"
)

func loadVectors(t *testing.T) *vectors.File {
	t.Helper()
	f, err := vectors.Load()
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func TestVectorFileHoldsAtLeastOneHundredCompressVectors(t *testing.T) {
	f := loadVectors(t)
	if len(f.Compress) < 100 {
		t.Fatalf("want at least 100 compress vectors, have %d", len(f.Compress))
	}
	if f.Params.Width != 2 || f.Params.FullRounds != 6 || f.Params.PartialRounds != 50 {
		t.Fatalf("unexpected parameters %+v", f.Params)
	}
}

func TestCompressMatchesEveryVector(t *testing.T) {
	for i, v := range loadVectors(t).Compress {
		got := Compress(vectors.Elem(v.Left), vectors.Elem(v.Right))
		if want := vectors.Elem(v.Out); !got.Equal(&want) {
			t.Errorf("vector %d: got %s want %s", i, got.String(), want.String())
		}
	}
}

func TestPermuteMatchesEveryVector(t *testing.T) {
	for i, v := range loadVectors(t).Permutation {
		a, b := Permute(vectors.Elem(v.In[0]), vectors.Elem(v.In[1]))
		wa, wb := vectors.Elem(v.Out[0]), vectors.Elem(v.Out[1])
		if !a.Equal(&wa) || !b.Equal(&wb) {
			t.Errorf("vector %d: permutation mismatch", i)
		}
	}
}

func TestLeafHashMatchesEveryVector(t *testing.T) {
	for i, v := range loadVectors(t).Leaf {
		got := LeafHash(vectors.Elem(v.Key), vectors.Elem(v.NextKey), vectors.Elem(v.Value))
		if want := vectors.Elem(v.Hash); !got.Equal(&want) {
			t.Errorf("vector %d: got %s want %s", i, got.String(), want.String())
		}
	}
}

func TestEmptySubtreeRootsAndGenesisRootMatchTheFile(t *testing.T) {
	f := loadVectors(t)
	roots := EmptySubtreeRoots()
	if len(roots) != len(f.EmptySubtreeRoots) {
		t.Fatalf("want %d empty roots, have %d", len(f.EmptySubtreeRoots), len(roots))
	}
	for h, r := range roots {
		if want := vectors.Elem(f.EmptySubtreeRoots[h]); !r.Equal(&want) {
			t.Errorf("height %d: empty root mismatch", h)
		}
	}
	genesis := GenesisRoot()
	if want := vectors.Elem(f.GenesisRoot); !genesis.Equal(&want) {
		t.Errorf("genesis root mismatch")
	}
}

func TestLeafHashIsDomainSeparatedFromNodeHash(t *testing.T) {
	var a, b fr.Element
	a.SetUint64(7)
	b.SetUint64(9)
	leaf := LeafHash(a, b, fr.Element{})
	node := NodeHash(NodeHash(a, b), fr.Element{})
	if leaf.Equal(&node) {
		t.Fatal("a leaf must not hash like a node over the same inputs")
	}
}

func TestRootFromPathPlacesTheLeafByIndexBits(t *testing.T) {
	var leaf, sibling fr.Element
	leaf.SetUint64(1)
	sibling.SetUint64(2)
	asLeft := RootFromPath(leaf, 0, []fr.Element{sibling})
	asRight := RootFromPath(leaf, 1, []fr.Element{sibling})
	if want := NodeHash(leaf, sibling); !asLeft.Equal(&want) {
		t.Error("index bit 0 must put the leaf on the left")
	}
	if want := NodeHash(sibling, leaf); !asRight.Equal(&want) {
		t.Error("index bit 1 must put the leaf on the right")
	}
}

func TestFromBytesRejectsNonCanonicalEncodings(t *testing.T) {
	modulus := fr.Modulus().FillBytes(make([]byte, 32))
	if _, err := FromBytes(modulus); err == nil {
		t.Error("r itself must be rejected")
	}
	if _, err := FromBytes(make([]byte, 31)); err == nil {
		t.Error("a 31-byte input must be rejected")
	}
	one := make([]byte, 32)
	one[31] = 1
	if e, err := FromBytes(one); err != nil || !e.IsOne() {
		t.Errorf("1 must decode: %v", err)
	}
}

func BenchmarkCompress(b *testing.B) {
	var x, y fr.Element
	x.SetUint64(1)
	y.SetUint64(2)
	for i := 0; i < b.N; i++ {
		x = Compress(x, y)
	}
}
