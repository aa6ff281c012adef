package prover

import (
	"crypto/rand"
	"crypto/sha256"
	"fmt"
	"math/big"
	"math/bits"
	mathrand "math/rand/v2"
	"os"
	"sync"

	curve "github.com/consensys/gnark-crypto/ecc/bn254"
	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/consensys/gnark-crypto/ecc/bn254/fr/fft"
	"github.com/consensys/gnark-crypto/ecc/bn254/fr/pedersen"
	groth16bn254 "github.com/consensys/gnark/backend/groth16/bn254"
	"github.com/consensys/gnark/constraint"
	cs "github.com/consensys/gnark/constraint/bn254"
)

// devSeed seeds the development setup. Every secret of the setup (τ, α, β,
// γ, δ and the commitment keys' σ) derives from it, so anyone can recompute
// them: keys made this way are for development only.
var devSeed = sha256.Sum256([]byte("keystore-rollup development setup: UNSAFE FOR PRODUCTION, toxic waste is public"))

// randMu orders the development setup, which replaces crypto/rand.Reader for
// its duration, against everything in this package that needs real
// randomness (proving: the blinding factors r and s). Setup holds it
// exclusively, Prove shared.
var randMu sync.RWMutex

// devSetup makes the development keys of a circuit: gnark v0.16.1's Groth16
// setup (groth16.Setup), with its secrets drawn from a ChaCha8 stream seeded
// with devSeed, and computed faster.
//
// Same keys as gnark's: the secrets are drawn from the stream in gnark's
// order (τ, α, β, γ, δ, the commitments' G2 point, then each commitment's
// σ), and every point is the one gnark's Setup computes, so the keys are
// identical byte for byte (TestDevSetupMatchesGnarkSetup checks it on circuits
// with and without a commitment, and will catch a gnark upgrade that changes
// the setup).
//
// Faster: gnark's setup computes its tens of millions of points [s]·G with a
// windowed fixed-base method that still doubles the point 254 times per
// scalar, and the commitment key's σ-multiples with one variable-base
// multiplication each, on one core. Here all of them are fixed-base
// multiplications of the generator by a known scalar (σ·[s]G = [σs]G), with
// one precomputed table per 16-bit window of the scalar (a comb): 16 mixed
// additions per scalar and no doubling, on every core. On the aggregation
// circuit that is minutes instead of half an hour (docs/benchmarks.md).
//
// While it runs, any other crypto/rand reader in the process would get the
// same predictable stream: in this package, Prove waits on randMu; code
// outside it that draws secrets from crypto/rand must not run concurrently
// with a development setup (the native library and the commands have none).
//
// Why not gnark's mpcsetup sealed with a beacon, which is deterministic by
// design: its phase-2 initialisation works one curve operation per R1CS term
// on one core, 62 s against 7 s for gnark's Setup on a 16k-constraint
// circuit, which would be hours for a batch circuit.
func devSetup(r1cs *cs.R1CS) (*groth16bn254.ProvingKey, *groth16bn254.VerifyingKey, error) {
	randMu.Lock()
	defer randMu.Unlock()
	saved := rand.Reader
	rand.Reader = mathrand.NewChaCha8(devSeed)
	defer func() { rand.Reader = saved }()
	return combSetup(r1cs)
}

// secrets is the toxic waste of a setup.
type secrets struct {
	tau, alpha, beta, gamma, delta fr.Element
	gammaInv, deltaInv             fr.Element
}

// drawSecrets draws τ, α, β, γ, δ from crypto/rand in gnark's order, each
// non-zero.
func drawSecrets() (secrets, error) {
	var s secrets
	for _, e := range []*fr.Element{&s.tau, &s.alpha, &s.beta, &s.gamma, &s.delta} {
		for e.IsZero() {
			if _, err := e.SetRandom(); err != nil {
				return s, err
			}
		}
	}
	s.gammaInv.Inverse(&s.gamma)
	s.deltaInv.Inverse(&s.delta)
	return s, nil
}

// combSetup is Groth16's setup (the DIZK paper's notation, as gnark's): the
// proving key holds [A_i(τ)]₁, [B_i(τ)]₁,₂, [(βA_i+αB_i+C_i)(τ)/δ]₁ for the
// private wires, [τ^i(τⁿ−1)/δ]₁ in bit-reversed order, and the verifying key
// the same over γ for the public wires, the commitments and the wires they
// commit to.
func combSetup(r1cs *cs.R1CS) (*groth16bn254.ProvingKey, *groth16bn254.VerifyingKey, error) {
	pk, vk := &groth16bn254.ProvingKey{}, &groth16bn254.VerifyingKey{}
	nbPublic := r1cs.GetNbPublicVariables()
	nbWires := r1cs.NbInternalVariables + nbPublic + r1cs.GetNbSecretVariables()

	commitments := r1cs.CommitmentInfo.(constraint.Groth16Commitments)
	commitmentWires := commitments.CommitmentIndexes()
	privateCommitted := commitments.GetPrivateCommitted()
	committedBy := make([]int32, nbWires) // the commitment a private wire is committed to, or -1
	for i := range committedBy {
		committedBy[i] = -1
	}
	nbPrivateCommitted := 0
	for c, wires := range privateCommitted {
		for _, w := range wires {
			committedBy[w] = int32(c)
		}
		nbPrivateCommitted += len(wires)
	}
	nbPublicWires := nbPublic + len(commitments)
	nbPrivateWires := r1cs.GetNbSecretVariables() + r1cs.NbInternalVariables - nbPrivateCommitted - len(commitments)

	domain := fft.NewDomain(uint64(r1cs.GetNbConstraints()))
	tw, err := drawSecrets()
	if err != nil {
		return nil, nil, err
	}
	a, b, c := wirePolynomialsAt(r1cs, domain, &tw.tau, nbWires)

	// K: (βA_i + αB_i + C_i)/γ for public wires, commitments and committed wires, /δ otherwise.
	pkK := make([]fr.Element, 0, nbPrivateWires)
	vkK := make([]fr.Element, 0, nbPublicWires)
	ckK := make([][]fr.Element, len(commitments))
	nextCommitment := 0
	for i := range a {
		var k, t fr.Element
		k.Mul(&a[i], &tw.beta)
		t.Mul(&b[i], &tw.alpha)
		k.Add(&k, &t).Add(&k, &c[i])
		isCommitment := false
		if i >= nbPublic && nextCommitment < len(commitmentWires) && commitmentWires[nextCommitment] == i {
			isCommitment = true
			nextCommitment++
		}
		switch {
		case i < nbPublic || isCommitment:
			vkK = append(vkK, *k.Mul(&k, &tw.gammaInv))
		case committedBy[i] >= 0:
			ckK[committedBy[i]] = append(ckK[committedBy[i]], *k.Mul(&k, &tw.gammaInv))
		default:
			pkK = append(pkK, *k.Mul(&k, &tw.deltaInv))
		}
	}
	c = nil
	if len(pkK) != nbPrivateWires || len(vkK) != nbPublicWires {
		return nil, nil, fmt.Errorf("setup: %d private and %d public K scalars, want %d and %d", len(pkK), len(vkK), nbPrivateWires, nbPublicWires)
	}

	// Z: τ^i(τⁿ−1)/δ for i < n.
	z := make([]fr.Element, domain.Cardinality)
	var zi, one fr.Element
	one.SetOne()
	zi.Exp(tw.tau, new(big.Int).SetUint64(domain.Cardinality)).Sub(&zi, &one).Mul(&zi, &tw.deltaInv)
	for i := range z {
		z[i] = zi
		zi.Mul(&zi, &tw.tau)
	}

	// A and B without their zeros, which the key marks as points at infinity.
	pk.InfinityA, a = dropZeros(a)
	pk.InfinityB, b = dropZeros(b)
	pk.NbInfinityA, pk.NbInfinityB = uint64(nbWires-len(a)), uint64(nbWires-len(b))

	g1, g2 := newG1Comb(), newG2Comb()
	pk.G1.Alpha, pk.G1.Beta, pk.G1.Delta = g1.mul(&tw.alpha), g1.mul(&tw.beta), g1.mul(&tw.delta)
	pk.G1.A = g1.mulAll(a)
	pk.G1.B = g1.mulAll(b)
	zPoints := g1.mulAll(z)
	z = nil
	bitReverse(zPoints)
	pk.G1.Z = zPoints[:domain.Cardinality-1]
	vk.G1.K = g1.mulAll(vkK)
	pk.G1.K = g1.mulAll(pkK)

	// Pedersen keys, one per commitment: the bases [ckK_j]₁ and their σ-multiples [σ·ckK_j]₁,
	// with one G2 point for all and a σ each, drawn in gnark's order.
	cG2, err := curve.RandomOnG2()
	if err != nil {
		return nil, nil, err
	}
	var rMinusOne big.Int
	rMinusOne.Sub(fr.Modulus(), big.NewInt(1))
	for i := range ckK {
		sigma, err := rand.Int(rand.Reader, &rMinusOne)
		if err != nil {
			return nil, nil, err
		}
		sigma.Add(sigma, big.NewInt(1))
		var s fr.Element
		s.SetBigInt(sigma)
		timesSigma := make([]fr.Element, len(ckK[i]))
		for j := range ckK[i] {
			timesSigma[j].Mul(&ckK[i][j], &s)
		}
		var gSigmaNeg curve.G2Affine
		gSigmaNeg.ScalarMultiplication(&cG2, new(big.Int).Neg(sigma))
		pk.CommitmentKeys = append(pk.CommitmentKeys, pedersen.ProvingKey{Basis: g1.mulAll(ckK[i]), BasisExpSigma: g1.mulAll(timesSigma)})
		vk.CommitmentKeys = append(vk.CommitmentKeys, pedersen.VerifyingKey{G: cG2, GSigmaNeg: gSigmaNeg})
	}
	vk.PublicAndCommitmentCommitted = commitments.GetPublicAndCommitmentCommitted(commitmentWires, nbPublic)

	pk.G2.B = g2.mulAll(b)
	pk.G2.Beta, pk.G2.Delta = g2.mul(&tw.beta), g2.mul(&tw.delta)
	vk.G1.Alpha, vk.G1.Beta, vk.G1.Delta = pk.G1.Alpha, pk.G1.Beta, pk.G1.Delta
	vk.G2.Beta, vk.G2.Delta, vk.G2.Gamma = pk.G2.Beta, pk.G2.Delta, g2.mul(&tw.gamma)
	if err := vk.Precompute(); err != nil {
		return nil, nil, err
	}
	pk.Domain = *domain
	return pk, vk, nil
}

// wirePolynomialsAt evaluates every wire's A, B and C polynomials at τ: the
// sum, over the constraints i where the wire appears in L, R or O, of its
// coefficient times the i-th Lagrange polynomial at τ.
func wirePolynomialsAt(r1cs *cs.R1CS, domain *fft.Domain, tau *fr.Element, nbWires int) (a, b, c []fr.Element) {
	a, b, c = make([]fr.Element, nbWires), make([]fr.Element, nbWires), make([]fr.Element, nbWires)
	n := r1cs.GetNbConstraints()
	// τ − ωⁱ for i ≤ n, and their inverses
	diff := make([]fr.Element, n+1)
	wi := fr.One()
	for i := range diff {
		diff[i].Sub(tau, &wi)
		wi.Mul(&wi, &domain.Generator)
	}
	diffInv := fr.BatchInvert(diff)
	// L₀(τ) = (τⁿ − 1)/(n(τ − 1)); L_{i+1} = ω·L_i·(τ − ωⁱ)/(τ − ωⁱ⁺¹)
	var l, one fr.Element
	one.SetOne()
	l.Exp(*tau, new(big.Int).SetUint64(domain.Cardinality)).Sub(&l, &one).Mul(&l, &diffInv[0]).Mul(&l, &domain.CardinalityInv)
	add := func(into *fr.Element, t constraint.Term) {
		switch id := t.CoeffID(); id {
		case constraint.CoeffIdZero:
		case constraint.CoeffIdOne:
			into.Add(into, &l)
		case constraint.CoeffIdMinusOne:
			into.Sub(into, &l)
		case constraint.CoeffIdTwo:
			var d fr.Element
			d.Double(&l)
			into.Add(into, &d)
		default:
			var m fr.Element
			m.Mul(&r1cs.Coefficients[id], &l)
			into.Add(into, &m)
		}
	}
	j := 0
	it := r1cs.GetR1CIterator()
	for con := it.Next(); con != nil; con = it.Next() {
		for _, t := range con.L {
			add(&a[t.WireID()], t)
		}
		for _, t := range con.R {
			add(&b[t.WireID()], t)
		}
		for _, t := range con.O {
			add(&c[t.WireID()], t)
		}
		l.Mul(&l, &domain.Generator).Mul(&l, &diff[j]).Mul(&l, &diffInv[j+1])
		j++
	}
	return a, b, c
}

// dropZeros compacts s in place without its zeros and says where they were.
func dropZeros(s []fr.Element) (zero []bool, rest []fr.Element) {
	zero = make([]bool, len(s))
	n := 0
	for i := range s {
		if s[i].IsZero() {
			zero[i] = true
			continue
		}
		s[n] = s[i]
		n++
	}
	return zero, s[:n]
}

// bitReverse puts a (of a power-of-two length) in bit-reversed index order.
func bitReverse(a []curve.G1Affine) {
	n := uint64(len(a))
	shift := 64 - bits.Len64(n-1)
	for i := uint64(0); i < n; i++ {
		r := bits.Reverse64(i) >> shift
		if r > i {
			a[i], a[r] = a[r], a[i]
		}
	}
}

var warnOnce sync.Map

// warnUnsafe prints, once per circuit and process, that the keys come from
// the development setup.
func warnUnsafe(name string) {
	if _, seen := warnOnce.LoadOrStore(name, true); seen {
		return
	}
	fmt.Fprintf(os.Stderr, `
################################################################################
##  WARNING: circuit %q uses keys from the DEVELOPMENT setup.
##  They are UNSAFE FOR PRODUCTION: the toxic waste derives from a public
##  constant, so anyone can forge proofs. Use them for tests and devnets only.
################################################################################
`, name)
}
