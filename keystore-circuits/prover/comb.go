package prover

import (
	"runtime"
	"sync"

	curve "github.com/consensys/gnark-crypto/ecc/bn254"
	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
)

// The setup's fixed-base multiplications [s]G of a group's generator G. A
// scalar's 256 bits are cut into combWindows windows of combBits bits; the
// table holds d·2^(combBits·w)·G for every window w and digit d ≠ 0, so
// [s]G is the sum of one table point per non-zero digit: at most 16 mixed
// additions, no doubling. The tables take 16·65,535 points (64 MiB in G1,
// 128 MiB in G2) and 1M additions to build. Results are affine, [0]G as
// (0, 0) like gnark's.
const (
	combBits    = 16
	combWindows = 256 / combBits
	combDigits  = 1<<combBits - 1
	combChunk   = 1 << 13 // scalars per task: one batch inversion each
)

// digit returns the w-th combBits-bit digit of s (regular form, little-endian limbs).
func digit(s *[4]uint64, w int) int {
	const perLimb = 64 / combBits
	return int(s[w/perLimb]>>(combBits*(w%perLimb))) & combDigits
}

// forChunks runs f on [start, end) chunks of n items, on every core.
func forChunks(n int, f func(start, end int)) {
	var wg sync.WaitGroup
	next := make(chan int)
	for range runtime.NumCPU() {
		wg.Go(func() {
			for start := range next {
				f(start, min(start+combChunk, n))
			}
		})
	}
	for start := 0; start < n; start += combChunk {
		next <- start
	}
	close(next)
	wg.Wait()
}

type g1Comb struct{ table []curve.G1Affine } // table[w·combDigits + d−1] = d·2^(combBits·w)·G

func newG1Comb() *g1Comb {
	_, _, g, _ := curve.Generators()
	jac := make([]curve.G1Jac, combWindows*combDigits)
	var base curve.G1Jac
	base.FromAffine(&g)
	for w := range combWindows {
		row := jac[w*combDigits : (w+1)*combDigits]
		var baseAff curve.G1Affine
		baseAff.FromJacobian(&base)
		row[0] = base
		for d := 1; d < combDigits; d++ {
			row[d] = row[d-1]
			row[d].AddMixed(&baseAff)
		}
		base = row[combDigits-1]
		base.AddMixed(&baseAff) // 2^combBits · base
	}
	return &g1Comb{table: curve.BatchJacobianToAffineG1(jac)}
}

func (c *g1Comb) jac(s *fr.Element) curve.G1Jac {
	var p curve.G1Jac // (0, 0, 0): infinity, which AddMixed replaces by the first point
	bits := s.Bits()
	for w := range combWindows {
		if d := digit(&bits, w); d != 0 {
			p.AddMixed(&c.table[w*combDigits+d-1])
		}
	}
	return p
}

func (c *g1Comb) mul(s *fr.Element) curve.G1Affine {
	p := c.jac(s)
	var a curve.G1Affine
	a.FromJacobian(&p)
	return a
}

func (c *g1Comb) mulAll(scalars []fr.Element) []curve.G1Affine {
	out := make([]curve.G1Affine, len(scalars))
	forChunks(len(scalars), func(start, end int) {
		jac := make([]curve.G1Jac, end-start)
		for i := range jac {
			jac[i] = c.jac(&scalars[start+i])
		}
		copy(out[start:end], curve.BatchJacobianToAffineG1(jac))
	})
	return out
}

type g2Comb struct{ table []curve.G2Affine }

func newG2Comb() *g2Comb {
	_, _, _, g := curve.Generators()
	jac := make([]curve.G2Jac, combWindows*combDigits)
	var base curve.G2Jac
	base.FromAffine(&g)
	for w := range combWindows {
		row := jac[w*combDigits : (w+1)*combDigits]
		var baseAff curve.G2Affine
		baseAff.FromJacobian(&base)
		row[0] = base
		for d := 1; d < combDigits; d++ {
			row[d] = row[d-1]
			row[d].AddMixed(&baseAff)
		}
		base = row[combDigits-1]
		base.AddMixed(&baseAff)
	}
	table := make([]curve.G2Affine, len(jac))
	forChunks(len(jac), func(start, end int) { g2ToAffine(jac[start:end], table[start:end]) })
	return &g2Comb{table: table}
}

func (c *g2Comb) jac(s *fr.Element) curve.G2Jac {
	var p curve.G2Jac
	bits := s.Bits()
	for w := range combWindows {
		if d := digit(&bits, w); d != 0 {
			p.AddMixed(&c.table[w*combDigits+d-1])
		}
	}
	return p
}

func (c *g2Comb) mul(s *fr.Element) curve.G2Affine {
	p := c.jac(s)
	var a curve.G2Affine
	a.FromJacobian(&p)
	return a
}

func (c *g2Comb) mulAll(scalars []fr.Element) []curve.G2Affine {
	out := make([]curve.G2Affine, len(scalars))
	forChunks(len(scalars), func(start, end int) {
		jac := make([]curve.G2Jac, end-start)
		for i := range jac {
			jac[i] = c.jac(&scalars[start+i])
		}
		g2ToAffine(jac, out[start:end])
	})
	return out
}

// g2ToAffine converts points to affine with one E2 inversion for all
// (Montgomery's trick); the point at infinity becomes (0, 0).
func g2ToAffine(points []curve.G2Jac, out []curve.G2Affine) {
	prefix := make([]curve.E2, len(points)) // product of the non-zero Z before i
	var acc curve.E2
	acc.SetOne()
	for i := range points {
		prefix[i] = acc
		if !points[i].Z.IsZero() {
			acc.Mul(&acc, &points[i].Z)
		}
	}
	acc.Inverse(&acc) // 1 / product of all non-zero Z
	for i := len(points) - 1; i >= 0; i-- {
		p := &points[i]
		if p.Z.IsZero() {
			out[i].X.SetZero()
			out[i].Y.SetZero()
			continue
		}
		var zInv, zInv2 curve.E2
		zInv.Mul(&acc, &prefix[i])
		acc.Mul(&acc, &p.Z)
		zInv2.Square(&zInv)
		out[i].X.Mul(&p.X, &zInv2)
		out[i].Y.Mul(&p.Y, &zInv2).Mul(&out[i].Y, &zInv)
	}
}
