package auth

import (
	"fmt"
	"math/big"

	"github.com/consensys/gnark-crypto/ecc"
	"github.com/consensys/gnark/constraint/solver"
	"github.com/consensys/gnark/frontend"
	"github.com/consensys/gnark/std/algebra/emulated/sw_emulated"
	"github.com/consensys/gnark/std/hash/sha3"
	"github.com/consensys/gnark/std/math/emulated"
	"github.com/consensys/gnark/std/math/emulated/emparams"
	"github.com/consensys/gnark/std/math/uints"
	"github.com/consensys/gnark/std/rangecheck"
)

// Key is a secp256k1 public key as four 128-bit big-endian halves (state.md §3).
type Key struct{ XHi, XLo, YHi, YLo frontend.Variable }

// Signature is (r, s) as 128-bit halves; v is not needed in the circuit.
type Signature struct{ RHi, RLo, SHi, SLo frontend.Variable }

// Word is one 32-byte EIP-712 field: a value below 2^Bits (160 for an address,
// 64 for a u64, 254 for a BN254 field element / bytes32 that is a Poseidon2
// hash), encoded as the 32-byte big-endian word of the value. For Bits = 254
// the decomposition is the canonical one (value < r), so a prover cannot feed
// value + r.
type Word struct {
	Value frontend.Variable
	Bits  int
}

type (
	fpT = emparams.Secp256k1Fp
	frT = emparams.Secp256k1Fr
)

func init() {
	solver.RegisterHint(splitHint)
}

// splitHint splits inputs[0] into len(outputs) little-endian chunks of
// inputs[1] bits each (the top chunk takes whatever is left).
func splitHint(_ *big.Int, inputs, outputs []*big.Int) error {
	w := uint(inputs[1].Uint64())
	v := new(big.Int).Set(inputs[0])
	mask := new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), w), big.NewInt(1))
	for i := range outputs {
		if i == len(outputs)-1 {
			outputs[i].Set(v)
		} else {
			outputs[i].And(v, mask)
			v.Rsh(v, w)
		}
	}
	return nil
}

// verifier holds the per-circuit helpers; gnark caches the lookup tables and
// the range checker per circuit, so several verifiers share them.
type verifier struct {
	api   frontend.API
	rc    frontend.Rangechecker
	bytes *uints.Bytes
	u64   *uints.BinaryField[uints.U64]
}

func newVerifier(api frontend.API) (*verifier, error) {
	b, err := uints.NewBytes(api)
	if err != nil {
		return nil, err
	}
	u, err := uints.New[uints.U64](api)
	if err != nil {
		return nil, err
	}
	return &verifier{api: api, rc: rangecheck.New(api), bytes: b, u64: u}, nil
}

// split returns n little-endian chunks of w bits of v, range checked, and
// asserts that they recompose v (so v < 2^(n·w)). The recomposition is modulo
// the BN254 r: for n·w ≥ 254 the caller must also bound the chunks' integer
// below r (word32 does, for 254-bit words).
func (vf *verifier) split(v frontend.Variable, n, w int) []frontend.Variable {
	if n*w > 256 {
		panic("auth: split wider than the field")
	}
	out, err := vf.api.Compiler().NewHint(splitHint, n, v, w)
	if err != nil {
		panic(err)
	}
	acc := frontend.Variable(0)
	for i := n - 1; i >= 0; i-- {
		if w == 8 {
			out[i] = vf.bytes.Value(vf.bytes.ValueOf(out[i]))
		} else {
			vf.rc.Check(out[i], w)
		}
		acc = vf.api.Add(vf.api.Mul(acc, new(big.Int).Lsh(big.NewInt(1), uint(w))), out[i])
	}
	vf.api.AssertIsEqual(acc, v)
	return out
}

// assertBelow asserts hi·2^128 + lo < c, for hi, lo already known to be below
// 2^128 and a constant 0 < c ≤ 2^256.
func (vf *verifier) assertBelow(hi, lo frontend.Variable, c *big.Int) {
	cHi, cLo := Halves(new(big.Int).Sub(c, big.NewInt(1)))
	api := vf.api
	dHi := api.Sub(cHi, hi) // in [0, cHi] iff hi ≤ cHi, else ≥ r − 2^128
	vf.rc.Check(dHi, 128)
	dLo := api.Mul(api.IsZero(dHi), api.Sub(cLo, lo)) // when hi = cHi: lo ≤ cLo
	vf.rc.Check(dLo, 128)
}

// word32 returns the 32 big-endian bytes of w.Value (0 when disabled), with
// the range (and for 254 bits canonicity) checks of [Word].
func (vf *verifier) word32(w Word, enabled frontend.Variable) ([]uints.U8, error) {
	if err := checkBits(w.Bits); err != nil {
		return nil, err
	}
	api := vf.api
	v := api.Mul(enabled, w.Value)
	n := (w.Bits + 7) / 8
	le := vf.split(v, n, 8) // each byte range checked, recomposition asserted
	if r := w.Bits % 8; r != 0 && w.Bits < BitsField {
		vf.rc.Check(le[n-1], r)
	}
	if w.Bits == BitsField {
		// split checked Σ le[i]·256^i = v mod r over 32 bytes; the integer must
		// also be below r, or value + r would pass too.
		var hi, lo frontend.Variable = 0, 0
		for i := 15; i >= 0; i-- {
			hi = api.Add(api.Mul(hi, 256), le[16+i])
			lo = api.Add(api.Mul(lo, 256), le[i])
		}
		vf.assertBelow(hi, lo, ecc.BN254.ScalarField())
	}
	out := make([]uints.U8, 32)
	for i := 0; i < 32-n; i++ {
		out[i] = uints.NewU8(0)
	}
	for i := 0; i < n; i++ {
		out[31-i] = vf.bytes.ValueOf(le[i])
	}
	return out, nil
}

// half16 returns the 16 big-endian bytes of a 128-bit half, asserting it is
// below 2^128.
func (vf *verifier) half16(v frontend.Variable) []uints.U8 {
	le := vf.split(v, 16, 8)
	out := make([]uints.U8, 16)
	for i := range le {
		out[15-i] = vf.bytes.ValueOf(le[i])
	}
	return out
}

// limbs64 returns the four little-endian 64-bit limbs of hi·2^128 + lo,
// asserting hi, lo < 2^128; this is gnark's limb layout for the 256-bit
// emulated fields.
func (vf *verifier) limbs64(hi, lo frontend.Variable) []frontend.Variable {
	l := vf.split(lo, 2, 64)
	h := vf.split(hi, 2, 64)
	return []frontend.Variable{l[0], l[1], h[0], h[1]}
}

// selectConst is enabled ? v : c, one constraint.
func selectConst(api frontend.API, enabled, v frontend.Variable, c *big.Int) frontend.Variable {
	return api.Add(c, api.Mul(enabled, api.Sub(v, c)))
}

// AssertSignedIf asserts, when enabled == 1, that sig is a valid secp256k1
// ECDSA signature (transactions.md §4.4: 1 ≤ r < n, 1 ≤ s ≤ (n−1)/2,
// R = (e·w)G + (r·w)Q not infinity and R.x = r; key on the curve with
// coordinates below p) by key over
//
//	digest = keccak256(0x19 0x01 ‖ domainSeparator ‖ keccak256(typeHash ‖ word_1 ‖ … ‖ word_k)),  k ≤ 3
//
// typeHash is a circuit constant; domainSeparator is two 128-bit big-endian
// halves (checked below 2^128). When enabled == 0 nothing is asserted about
// key, sig, words or domainSeparator: the words and the domain separator are
// zeroed and a fixed valid dummy (key, digest, signature) is verified instead.
// enabled must already be constrained boolean by the caller.
func AssertSignedIf(api frontend.API, enabled frontend.Variable, domainSeparator [2]frontend.Variable, typeHash [32]byte, words []Word, key Key, sig Signature) error {
	if len(words) > MaxWords {
		return fmt.Errorf("auth: %d words, at most %d (one keccak-f permutation)", len(words), MaxWords)
	}
	vf, err := newVerifier(api)
	if err != nil {
		return err
	}

	// structHash = keccak256(typeHash ‖ words)
	msg := uints.NewU8Array(typeHash[:])
	for _, w := range words {
		b, err := vf.word32(w, enabled)
		if err != nil {
			return err
		}
		msg = append(msg, b...)
	}
	digest, err := vf.keccak(msg)
	if err != nil {
		return err
	}
	// digest = keccak256(0x19 0x01 ‖ domainSeparator ‖ structHash)
	msg = []uints.U8{uints.NewU8(0x19), uints.NewU8(0x01)}
	msg = append(msg, vf.half16(api.Mul(enabled, domainSeparator[0]))...)
	msg = append(msg, vf.half16(api.Mul(enabled, domainSeparator[1]))...)
	msg = append(msg, digest...)
	if digest, err = vf.keccak(msg); err != nil {
		return err
	}
	return vf.verifyECDSA(enabled, digest, key, sig)
}

func (vf *verifier) keccak(msg []uints.U8) ([]uints.U8, error) {
	if !useGnarkSha3 {
		return vf.keccak256(msg), nil
	}
	h, err := sha3.NewLegacyKeccak256(vf.api)
	if err != nil {
		return nil, err
	}
	h.Write(msg)
	return h.Sum(), nil
}

// useGnarkSha3 switches to std/hash/sha3 (for measurements).
var useGnarkSha3 = false

// verifyECDSA asserts the secp256k1 signature over the 32-byte big-endian
// digest, or the dummy one when disabled.
func (vf *verifier) verifyECDSA(enabled frontend.Variable, digest []uints.U8, key Key, sig Signature) error {
	return verifyECDSAOn[fpT, frT](vf, secp256k1Spec, enabled, digest, key, sig)
}

// curveSpec is what verifyECDSAOn needs of a curve y² = x³ + a·x + b: gnark's
// parameters, the base field p, the order n, (n−1)/2 (low-s), a and b, and the
// curve's valid dummy (key, digest, signature) for disabled slots.
type curveSpec struct {
	params sw_emulated.CurveParams
	p, n   *big.Int
	halfN  *big.Int
	a, b   *big.Int
	dummy  ecdsaDummy
}

// ecdsaDummy is a valid (key, digest, signature) of a curve.
type ecdsaDummy struct{ x, y, r, s, e *big.Int }

// verifyECDSAOn asserts the signature over the 32-byte big-endian digest on
// the curve of spec (Fp, Fr its emulated fields), or the curve's dummy one
// when disabled: 1 ≤ r < n, 1 ≤ s ≤ (n−1)/2, the key on the curve with x, y < p,
// and R = (e·w)G + (r·w)Q with R.x = r.
func verifyECDSAOn[Fp, Fr emulated.FieldParams](vf *verifier, spec curveSpec, enabled frontend.Variable, digest []uints.U8, key Key, sig Signature) error {
	api := vf.api
	dummy := spec.dummy
	sel := func(v frontend.Variable, c *big.Int) frontend.Variable { return selectConst(api, enabled, v, c) }
	half := func(c *big.Int, hi bool) *big.Int {
		h, l := Halves(c)
		if hi {
			return h
		}
		return l
	}
	xHi, xLo := sel(key.XHi, half(dummy.x, true)), sel(key.XLo, half(dummy.x, false))
	yHi, yLo := sel(key.YHi, half(dummy.y, true)), sel(key.YLo, half(dummy.y, false))
	rHi, rLo := sel(sig.RHi, half(dummy.r, true)), sel(sig.RLo, half(dummy.r, false))
	sHi, sLo := sel(sig.SHi, half(dummy.s, true)), sel(sig.SLo, half(dummy.s, false))

	// e = digest (big-endian bytes) as four 64-bit limbs; bytes are range
	// checked by the hash gadget, so the limbs are below 2^64 by construction.
	eLimbs := make([]frontend.Variable, 4)
	eDummy := dummy.e
	for j := 0; j < 4; j++ {
		var limb frontend.Variable = 0
		for i := 0; i < 8; i++ {
			limb = api.Add(api.Mul(limb, 256), vf.bytes.Value(digest[8*(3-j)+i]))
		}
		c := new(big.Int).Rsh(eDummy, uint(64*j))
		c.And(c, new(big.Int).SetUint64(^uint64(0)))
		eLimbs[j] = sel(limb, c)
	}

	// range and canonicity checks on the halves (limbs64 asserts < 2^128)
	xl, yl := vf.limbs64(xHi, xLo), vf.limbs64(yHi, yLo)
	rl, sl := vf.limbs64(rHi, rLo), vf.limbs64(sHi, sLo)
	vf.assertBelow(xHi, xLo, spec.p)
	vf.assertBelow(yHi, yLo, spec.p)
	vf.assertBelow(rHi, rLo, spec.n)
	vf.assertBelow(sHi, sLo, new(big.Int).Add(spec.halfN, big.NewInt(1)))
	api.AssertIsDifferent(api.Add(rHi, rLo), 0) // r ≥ 1 (both halves ≥ 0 and < 2^128)
	api.AssertIsDifferent(api.Add(sHi, sLo), 0) // s ≥ 1

	fpf, err := emulated.NewField[Fp](api)
	if err != nil {
		return err
	}
	frf, err := emulated.NewField[Fr](api)
	if err != nil {
		return err
	}
	curve, err := sw_emulated.New[Fp, Fr](api, spec.params)
	if err != nil {
		return err
	}
	q := &sw_emulated.AffinePoint[Fp]{X: *fpf.UnsafeFromLimbs(xl), Y: *fpf.UnsafeFromLimbs(yl)}
	// on the curve: x³ + a·x + b − y² = 0 (b ≠ 0, so never (0,0), which gnark
	// treats as infinity)
	terms := [][]*emulated.Element[Fp]{{&q.X, &q.X, &q.X}, {&q.Y, &q.Y}, {fpf.NewElement(spec.b)}}
	coefficients := []int{1, -1, 1}
	if spec.a.Sign() != 0 {
		if !spec.a.IsInt64() {
			return fmt.Errorf("auth: curve coefficient a = %s is not a small integer", spec.a)
		}
		terms = append(terms, []*emulated.Element[Fp]{&q.X})
		coefficients = append(coefficients, int(spec.a.Int64()))
	}
	fpf.AssertIsEqual(fpf.Eval(terms, coefficients), fpf.Zero())

	r, s, e := frf.UnsafeFromLimbs(rl), frf.UnsafeFromLimbs(sl), frf.UnsafeFromLimbs(eLimbs)
	u1 := frf.Div(e, s) // e·w
	u2 := frf.Div(r, s) // r·w
	R := curve.JointScalarMulBase(q, u2, u1)
	// R.x = r: r < n, and gnark returns infinity as (0,0), excluded by r ≥ 1.
	fpf.AssertIsEqual(&R.X, fpf.UnsafeFromLimbs(rl))
	return nil
}
