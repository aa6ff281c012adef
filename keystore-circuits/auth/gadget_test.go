package auth

import (
	"fmt"
	"math/big"
	"sync"
	"testing"

	"github.com/consensys/gnark-crypto/ecc"
	"github.com/consensys/gnark-crypto/ecc/secp256k1"
	"github.com/consensys/gnark/constraint"
	"github.com/consensys/gnark/constraint/solver"
	"github.com/consensys/gnark/frontend"
	"github.com/consensys/gnark/frontend/cs/r1cs"
	"github.com/consensys/gnark/test"

	"github.com/keystore-rollup/keystore-circuits/internal/stats"
)

// sigCircuit is one slot: AssertSignedIf over len(Bits) words.
type sigCircuit struct {
	TypeHash [32]byte `gnark:"-"`
	Bits     []int    `gnark:"-"`

	Enabled         frontend.Variable
	DomainSeparator [2]frontend.Variable
	Words           []frontend.Variable
	Key             Key
	Sig             Signature
}

func (c *sigCircuit) Define(api frontend.API) error {
	api.AssertIsBoolean(c.Enabled)
	words := make([]Word, len(c.Bits))
	for i, b := range c.Bits {
		words[i] = Word{Value: c.Words[i], Bits: b}
	}
	return AssertSignedIf(api, c.Enabled, c.DomainSeparator, c.TypeHash, words, c.Key, c.Sig)
}

func bitsOf(words []NativeWord) []int {
	out := make([]int, len(words))
	for i, w := range words {
		out[i] = w.Bits
	}
	return out
}

// shape is the circuit (no witness) for v's struct type.
func shape(v signed) *sigCircuit {
	return &sigCircuit{TypeHash: v.typeHash, Bits: bitsOf(v.words), Words: make([]frontend.Variable, len(v.words))}
}

// assignment is the witness for v, enabled.
func assignment(v signed) *sigCircuit {
	c := shape(v)
	c.Enabled = 1
	c.DomainSeparator = Halves32(v.domainSeparator)
	for i, w := range v.words {
		c.Words[i] = w.Value
	}
	c.Key = KeyOf(new(big.Int).SetBytes(v.pubKey[1:33]), new(big.Int).SetBytes(v.pubKey[33:]))
	c.Sig = SignatureOf(v.r, v.s)
	return c
}

// Each struct type is compiled once per test binary (~6 s each) and solved
// with gnark's R1CS solver (~1 s a witness).
var compiled sync.Map // string -> constraint.ConstraintSystem

func compileShape(t *testing.T, c *sigCircuit) constraint.ConstraintSystem {
	t.Helper()
	key := string(c.TypeHash[:]) + string(rune(len(c.Bits)))
	for _, b := range c.Bits {
		key += string(rune(b))
	}
	if cs, ok := compiled.Load(key); ok {
		return cs.(constraint.ConstraintSystem)
	}
	cs, err := frontend.Compile(ecc.BN254.ScalarField(), r1cs.NewBuilder, c)
	if err != nil {
		t.Fatal(err)
	}
	compiled.Store(key, cs)
	return cs
}

func solve(t *testing.T, w *sigCircuit, opts ...solver.Option) error {
	t.Helper()
	cs := compileShape(t, &sigCircuit{TypeHash: w.TypeHash, Bits: w.Bits, Words: make([]frontend.Variable, len(w.Bits))})
	wit, err := frontend.NewWitness(w, ecc.BN254.ScalarField())
	if err != nil {
		t.Fatal(err)
	}
	return cs.IsSolved(wit, opts...)
}

func TestAssertSignedIfAcceptsEthersSignatures(t *testing.T) {
	vs := ethersVectors(t)
	// the first domain in full (edge values: max u64, 0xff..ff and zero
	// addresses, a field element near r), one of each type on the others
	pick := map[int]bool{0: true, 1: true, 2: true, 3: true, 4: true, 5: true, 6: true, 7: true, 8: true, 11: true, 14: true, 17: true, 20: true, 23: true}
	if testing.Short() {
		pick = map[int]bool{2: true, 5: true, 7: true}
	}
	for i, v := range vs {
		if !pick[i] {
			continue
		}
		if err := solve(t, assignment(v)); err != nil {
			t.Errorf("%s: %v", v.name, err)
		}
	}
}

func TestAssertSignedIfMatchesJavaReferenceTransactions(t *testing.T) {
	for i, v := range stateVectors(t) {
		if testing.Short() && i%3 != 0 && v.wantValid {
			continue
		}
		err := solve(t, assignment(v))
		if v.wantValid && err != nil {
			t.Errorf("%s: valid signature rejected: %v", v.name, err)
		}
		if !v.wantValid && err == nil {
			t.Errorf("%s: signature by another key accepted", v.name)
		}
	}
}

// The test engine (test.IsSolved) agrees with the compiled R1CS.
func TestAssertSignedIfSolvesInTheTestEngine(t *testing.T) {
	if testing.Short() {
		t.Skip("4 s")
	}
	v := ethersVectors(t)[6]
	assert := test.NewAssert(t)
	assert.NoError(test.IsSolved(shape(v), assignment(v), ecc.BN254.ScalarField()))
}

func key(x, y *big.Int) Key { return KeyOf(x, y) }

func pointXY(p *secp256k1.G1Affine) (*big.Int, *big.Int) {
	return p.X.BigInt(new(big.Int)), p.Y.BigInt(new(big.Int))
}

// forgeAboveN returns a key and a signature (r, s) over digest with
// r = R.x ≥ n: R.x = r holds, only the rule r < n rejects it. Without knowing
// any discrete logarithm: pick R with x ≥ n, then Q = (R − u1·G) / u2.
func forgeAboveN(t *testing.T, digest [32]byte) (Key, Signature) {
	t.Helper()
	var R secp256k1.G1Affine
	x := new(big.Int).Add(secpN, big.NewInt(1)) // x = n would make u2 = 0
	for {
		R.X.SetBigInt(x)
		var rhs secp256k1.G1Affine
		rhs.Y.Square(&R.X).Mul(&rhs.Y, &R.X)
		var seven = rhs.X
		seven.SetUint64(7)
		rhs.Y.Add(&rhs.Y, &seven)
		if R.Y.Sqrt(&rhs.Y) != nil {
			break
		}
		x.Add(x, big.NewInt(1))
	}
	if !R.IsOnCurve() || x.Cmp(secpP) >= 0 {
		t.Fatal("no point with n <= x < p")
	}
	s := big.NewInt(12345)
	e := new(big.Int).SetBytes(digest[:])
	w := new(big.Int).ModInverse(s, secpN)
	u1 := new(big.Int).Mul(e, w)
	u1.Mod(u1, secpN)
	u2 := new(big.Int).Mul(x, w)
	u2.Mod(u2, secpN)
	_, g := secp256k1.Generators()
	var u1G, Q secp256k1.G1Affine
	u1G.ScalarMultiplication(&g, u1)
	u1G.Neg(&u1G)
	Q.Add(&R, &u1G)
	Q.ScalarMultiplication(&Q, new(big.Int).ModInverse(u2, secpN))
	qx, qy := pointXY(&Q)
	return KeyOf(qx, qy), SignatureOf(x, s)
}

func TestAssertSignedIfRejectsEveryBrokenRule(t *testing.T) {
	vs := ethersVectors(t)
	base := vs[2] // UpdateConfig, with a 254-bit word near r
	other := vs[10]
	if base.typeHash != other.typeHash || base.domainSeparator == other.domainSeparator {
		t.Fatal("vector layout changed")
	}
	if err := solve(t, assignment(base)); err != nil {
		t.Fatalf("base vector rejected: %v", err)
	}
	two256 := new(big.Int).Lsh(big.NewInt(1), 256)
	bn254r := ecc.BN254.ScalarField()
	bad := map[string]func(c *sigCircuit){
		"wrong key": func(c *sigCircuit) { c.Key = assignment(vs[3]).Key },
		"key off the curve": func(c *sigCircuit) {
			c.Key.YLo = new(big.Int).Add(c.Key.YLo.(*big.Int), big.NewInt(1))
		},
		"key half above 2^128": func(c *sigCircuit) { // same x, as (hi − 1)·2^128 + (lo + 2^128)
			c.Key.XHi = new(big.Int).Sub(c.Key.XHi.(*big.Int), big.NewInt(1))
			c.Key.XLo = new(big.Int).Add(c.Key.XLo.(*big.Int), two128)
		},
		"changed word":             func(c *sigCircuit) { c.Words[1] = new(big.Int).Sub(base.words[1].Value, big.NewInt(1)) },
		"changed domain separator": func(c *sigCircuit) { c.DomainSeparator = Halves32(other.domainSeparator) },
		"address word >= 2^160": func(c *sigCircuit) {
			c.Words[0] = new(big.Int).Add(base.words[0].Value, new(big.Int).Lsh(big.NewInt(1), 160))
		},
		"u64 word >= 2^64": func(c *sigCircuit) { c.Words[1] = new(big.Int).Lsh(big.NewInt(1), 64) },
		"high s (n - s)":   func(c *sigCircuit) { c.Sig = SignatureOf(base.r, new(big.Int).Sub(secpN, base.s)) },
		"s = (n-1)/2 + 1":  func(c *sigCircuit) { c.Sig = SignatureOf(base.r, new(big.Int).Add(secpHalfN, big.NewInt(1))) },
		"r = 0":            func(c *sigCircuit) { c.Sig = SignatureOf(big.NewInt(0), base.s) },
		"s = 0":            func(c *sigCircuit) { c.Sig = SignatureOf(base.r, big.NewInt(0)) },
		"r = n":            func(c *sigCircuit) { c.Sig = SignatureOf(secpN, base.s) },
		"r = 2^256 - 1":    func(c *sigCircuit) { c.Sig = SignatureOf(new(big.Int).Sub(two256, big.NewInt(1)), base.s) },
		"r + n":            func(c *sigCircuit) { c.Sig = SignatureOf(new(big.Int).Add(base.r, secpN), base.s) },
		"r = R.x >= n (forged key)": func(c *sigCircuit) {
			c.Key, c.Sig = forgeAboveN(t, base.digest)
		},
	}
	if testing.Short() {
		for _, k := range []string{"key half above 2^128", "s = (n-1)/2 + 1", "r = 2^256 - 1", "r + n", "u64 word >= 2^64"} {
			delete(bad, k)
		}
	}
	for name, mutate := range bad {
		c := assignment(base)
		mutate(c)
		if err := solve(t, c); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}

	// High s is the same ECDSA signature malleated: check that the circuit
	// rejects it for low-s alone, with the mirrored valid signature of a
	// low-s digest: (r, s) valid ⇔ (r, n − s) valid in plain ECDSA.
	x, y := new(big.Int).SetBytes(base.pubKey[1:33]), new(big.Int).SetBytes(base.pubKey[33:])
	if !verifyNoLowS(x, y, base.digest, base.r, new(big.Int).Sub(secpN, base.s)) {
		t.Fatal("n - s should verify in plain ECDSA")
	}

	// The forged r ≥ n signature satisfies R.x = r: only 'r < n' rejects it.
	k, s := forgeAboveN(t, base.digest)
	kx := new(big.Int).Add(new(big.Int).Lsh(k.XHi.(*big.Int), 128), k.XLo.(*big.Int))
	ky := new(big.Int).Add(new(big.Int).Lsh(k.YHi.(*big.Int), 128), k.YLo.(*big.Int))
	rr := new(big.Int).Add(new(big.Int).Lsh(s.RHi.(*big.Int), 128), s.RLo.(*big.Int))
	ss := new(big.Int).Add(new(big.Int).Lsh(s.SHi.(*big.Int), 128), s.SLo.(*big.Int))
	if !verifyNoRangeOnR(kx, ky, base.digest, rr, ss) {
		t.Fatal("forged signature should satisfy R.x = r")
	}
	_ = bn254r
}

// verifyNoLowS is [Verify] without the low-s rule (plain ECDSA).
func verifyNoLowS(x, y *big.Int, digest [32]byte, r, s *big.Int) bool {
	if s.Cmp(secpHalfN) > 0 {
		s = new(big.Int).Sub(secpN, s)
	}
	return Verify(x, y, digest, r, s)
}

// verifyNoRangeOnR checks R.x = r for r possibly ≥ n.
func verifyNoRangeOnR(x, y *big.Int, digest [32]byte, r, s *big.Int) bool {
	var q secp256k1.G1Affine
	q.X.SetBigInt(x)
	q.Y.SetBigInt(y)
	e := new(big.Int).SetBytes(digest[:])
	w := new(big.Int).ModInverse(s, secpN)
	u1 := new(big.Int).Mul(e, w)
	u1.Mod(u1, secpN)
	u2 := new(big.Int).Mul(r, w)
	u2.Mod(u2, secpN)
	_, g := secp256k1.Generators()
	var a, b secp256k1.G1Affine
	a.ScalarMultiplication(&g, u1)
	b.ScalarMultiplication(&q, u2)
	a.Add(&a, &b)
	return q.IsOnCurve() && a.X.BigInt(new(big.Int)).Cmp(r) == 0
}

// A malicious prover decomposes a 254-bit word as value + r (32 bytes, still
// below 2^256), with a signature over that non-canonical encoding: only the
// canonicity check rejects it.
func TestAssertSignedIfRejectsNonCanonicalFieldWord(t *testing.T) {
	vs := ethersVectors(t)
	base := vs[0] // UpdateConfig; words[2] (bytes32) = 0x2a84…, + r < 2^256
	r := ecc.BN254.ScalarField()
	value := base.words[2].Value
	alias := new(big.Int).Add(value, r)
	if alias.BitLen() > 256 {
		t.Fatal("value + r does not fit 32 bytes")
	}
	// the digest of the non-canonical encoding, signed with the vector's key
	enc := func(v *big.Int) []byte { b := make([]byte, 32); v.FillBytes(b); return b }
	a0, _ := base.words[0].Encode()
	a1, _ := base.words[1].Encode()
	sh := Keccak256(base.typeHash[:], a0[:], a1[:], enc(alias))
	digest := DigestOfStructHash(base.domainSeparator, sh)
	x, y, sr, ss := signWithNonce(base.privateKey, big.NewInt(777), digest)
	if !Verify(x, y, digest, sr, ss) {
		t.Fatal("signature over the aliased digest does not verify")
	}
	c := assignment(base)
	c.Sig = SignatureOf(sr, ss)
	malicious := func(m *big.Int, in, out []*big.Int) error {
		if len(out) == 32 && in[0].Cmp(value) == 0 {
			in = []*big.Int{alias, in[1]}
		}
		return splitHint(m, in, out)
	}
	if err := solve(t, c, solver.OverrideHint(solver.GetHintID(splitHint), malicious)); err == nil {
		t.Error("value + r accepted as a 254-bit word")
	}
	// control: with the honest decomposition, the same signature fails too
	// (it signs another digest), and the canonical one passes
	if err := solve(t, c); err == nil {
		t.Error("signature over the aliased digest accepted with the canonical decomposition")
	}
}

func TestAssertSignedIfDisabledIsANoOp(t *testing.T) {
	vs := ethersVectors(t)
	base := vs[2]
	rMinus1 := new(big.Int).Sub(ecc.BN254.ScalarField(), big.NewInt(1))
	garbage := func() *sigCircuit {
		c := shape(base)
		for i := range c.Words {
			c.Words[i] = rMinus1
		}
		c.DomainSeparator = [2]frontend.Variable{rMinus1, rMinus1}
		c.Key = Key{XHi: 0, XLo: 0, YHi: 0, YLo: 0}
		c.Sig = Signature{RHi: rMinus1, RLo: 0, SHi: 0, SLo: 0}
		return c
	}
	c := garbage()
	c.Enabled = 0
	if err := solve(t, c); err != nil {
		t.Errorf("disabled slot with garbage rejected: %v", err)
	}
	c = assignment(vs[5]) // another type's valid assignment... in this shape's slot
	c.TypeHash, c.Bits = base.typeHash, bitsOf(base.words)
	c.Enabled = 0
	c.Sig = SignatureOf(base.r, new(big.Int).Sub(secpN, base.s)) // and high s
	if err := solve(t, c); err != nil {
		t.Errorf("disabled slot with a wrong signature rejected: %v", err)
	}
	k2 := assignment(vs[7]) // CancelRecovery shape, all zero
	k2.Enabled = 0
	k2.Words = []frontend.Variable{0, 0}
	k2.DomainSeparator = [2]frontend.Variable{0, 0}
	k2.Key, k2.Sig = Key{0, 0, 0, 0}, Signature{0, 0, 0, 0}
	if err := solve(t, k2); err != nil {
		t.Errorf("disabled all-zero slot rejected: %v", err)
	}
	c = garbage()
	c.Enabled = 1
	if err := solve(t, c); err == nil {
		t.Error("enabled slot with garbage accepted")
	}
}

func TestAssertSignedIfRejectsBadShapes(t *testing.T) {
	for name, c := range map[string]*sigCircuit{
		"4 words":  {Bits: []int{64, 64, 64, 64}, Words: make([]frontend.Variable, 4)},
		"255 bits": {Bits: []int{255}, Words: make([]frontend.Variable, 1)},
		"0 bits":   {Bits: []int{0}, Words: make([]frontend.Variable, 1)},
	} {
		if _, err := frontend.Compile(ecc.BN254.ScalarField(), r1cs.NewBuilder, c); err == nil {
			t.Errorf("%s: compiled", name)
		}
	}
}

// One AssertSignedIf in a circuit of its own, pinned in
// internal/stats/constraints.json: over three words (UpdateConfig,
// ApproveRecovery) and two (CancelRecovery).
func TestAssertSignedIfConstraintCountsArePinned(t *testing.T) {
	vs := ethersVectors(t)
	for _, v := range []signed{vs[2], vs[7]} {
		stats.Check(t, fmt.Sprintf("auth/AssertSignedIf-k%d", len(v.words)), compileShape(t, shape(v)).GetNbConstraints())
	}
}

// R = (e·w)G + (r·w)Q is the point at infinity when e = −r·d (mod n), d the
// private key: any (r, s) would then pass an R.x = r check that read
// infinity's (0, 0) as a point. Tested on the ECDSA part alone, where the
// digest is an input.
func TestVerifyECDSARejectsRAtInfinity(t *testing.T) {
	v := ethersVectors(t)[3]
	x, y := new(big.Int).SetBytes(v.pubKey[1:33]), new(big.Int).SetBytes(v.pubKey[33:])
	cs := compileECDSAOnly(t)
	for _, r := range []*big.Int{big.NewInt(1), new(big.Int).Set(v.r)} {
		e := new(big.Int).Mul(r, v.privateKey)
		e.Neg(e).Mod(e, secpN)
		var digest [32]byte
		e.FillBytes(digest[:])
		w := &ecdsaOnly{Enabled: 1, Key: KeyOf(x, y), Sig: SignatureOf(r, big.NewInt(5))}
		for i := range digest {
			w.Digest[i] = digest[i]
		}
		wit, err := frontend.NewWitness(w, ecc.BN254.ScalarField())
		if err != nil {
			t.Fatal(err)
		}
		if err := cs.IsSolved(wit); err == nil {
			t.Errorf("r = %v: R at infinity accepted", r)
		}
	}
	// control: the same circuit accepts the vector's own digest and signature
	w := &ecdsaOnly{Enabled: 1, Key: KeyOf(x, y), Sig: SignatureOf(v.r, v.s)}
	for i := range v.digest {
		w.Digest[i] = v.digest[i]
	}
	wit, _ := frontend.NewWitness(w, ecc.BN254.ScalarField())
	if err := cs.IsSolved(wit); err != nil {
		t.Errorf("valid signature rejected by the ECDSA part: %v", err)
	}
}

func compileECDSAOnly(t *testing.T) constraint.ConstraintSystem {
	t.Helper()
	cs, err := frontend.Compile(ecc.BN254.ScalarField(), r1cs.NewBuilder, &ecdsaOnly{})
	if err != nil {
		t.Fatal(err)
	}
	return cs
}
