package auth

import (
	"errors"
	"math/big"

	"github.com/consensys/gnark-crypto/ecc"
	"github.com/consensys/gnark-crypto/ecc/secp256r1"
	"github.com/consensys/gnark/frontend"
	"github.com/consensys/gnark/std/algebra/emulated/sw_emulated"
	"github.com/consensys/gnark/std/math/emulated/emparams"
	"github.com/consensys/gnark/std/math/uints"
)

// P-256 (secp256r1, scheme 2 and the key of scheme 3: docs/spec/passkeys.md):
// ECDSA over the same 32-byte digest as secp256k1's, low-s, the key as four
// 128-bit halves, checked by the same gadget on P-256's emulated fields.

type (
	p256Fp = emparams.P256Fp
	p256Fr = emparams.P256Fr
)

var (
	p256P     = ecc.SECP256R1.BaseField()
	p256N     = ecc.SECP256R1.ScalarField()
	p256HalfN = new(big.Int).Rsh(new(big.Int).Sub(ecc.SECP256R1.ScalarField(), big.NewInt(1)), 1)
	// a = −3, b: y² = x³ − 3x + b
	p256B, _ = new(big.Int).SetString("5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604b", 16)
)

// AssertP256SignedDigestIf asserts, when enabled == 1, that sig is a valid
// P-256 ECDSA signature by key over the 32-byte big-endian digest (each byte
// range checked by the caller, as the hash gadgets' outputs are): 1 ≤ r < n,
// 1 ≤ s ≤ (n−1)/2 (low-s, passkeys.md), the key on P-256 with x, y < p, and
// R = (e·w)G + (r·w)Q with R.x = r. When enabled == 0 a fixed valid dummy is
// verified instead. enabled must already be constrained boolean by the caller.
func AssertP256SignedDigestIf(api frontend.API, enabled frontend.Variable, digest []uints.U8, key Key, sig Signature) error {
	if len(digest) != 32 {
		return errors.New("auth: a P-256 digest is 32 bytes")
	}
	vf, err := newVerifier(api)
	if err != nil {
		return err
	}
	return verifyECDSAOn[p256Fp, p256Fr](vf, p256Spec, enabled, digest, key, sig)
}

// P256Verify is the native check of the statement AssertP256SignedDigestIf
// proves: key (x, y) on P-256 with coordinates below p, 1 ≤ r < n,
// 1 ≤ s ≤ (n−1)/2, R = (e·w)G + (r·w)Q not infinity and R.x = r, with
// e = digest mod n and w = s⁻¹ mod n. (R.x = r exactly, not mod n: they differ
// only when R.x ≥ n, which no one can arrange.)
func P256Verify(x, y *big.Int, digest [32]byte, r, s *big.Int) bool {
	var q secp256r1.G1Affine
	if x.Cmp(p256P) >= 0 || y.Cmp(p256P) >= 0 {
		return false
	}
	q.X.SetBigInt(x)
	q.Y.SetBigInt(y)
	if !q.IsOnCurve() {
		return false
	}
	if !wellFormed(r, s, p256N, p256HalfN) {
		return false
	}
	u1, u2 := ecdsaScalars(digest, r, s, p256N)
	var a, b, sum secp256r1.G1Affine
	a.ScalarMultiplicationBase(u1)
	b.ScalarMultiplication(&q, u2)
	sum.Add(&a, &b)
	if sum.IsInfinity() {
		return false
	}
	return sum.X.BigInt(new(big.Int)).Cmp(r) == 0
}

// p256SignWithNonce is textbook ECDSA on P-256 with a given nonce k and
// low-s; only for the fixed dummy of disabled slots and for tests.
func p256SignWithNonce(d, k *big.Int, digest [32]byte) (x, y, r, s *big.Int) {
	var pub, rp secp256r1.G1Affine
	pub.ScalarMultiplicationBase(d)
	rp.ScalarMultiplicationBase(k)
	r = rp.X.BigInt(new(big.Int))
	r.Mod(r, p256N)
	return pub.X.BigInt(new(big.Int)), pub.Y.BigInt(new(big.Int)), r, lowS(d, k, r, digest, p256N, p256HalfN)
}

// p256Spec is P-256 for verifyECDSAOn, with its dummy derived from fixed
// labels as secp256k1's.
var p256Spec = func() curveSpec {
	label := func(s string) *big.Int {
		h := Keccak256([]byte(s))
		v := new(big.Int).SetBytes(h[:])
		return v.Mod(v, p256N)
	}
	digest := Keccak256([]byte("keystore-rollup/auth: dummy P-256 digest of a disabled slot"))
	var d ecdsaDummy
	d.x, d.y, d.r, d.s = p256SignWithNonce(label("keystore-rollup/auth: dummy P-256 key"), label("keystore-rollup/auth: dummy P-256 nonce"), digest)
	d.e = new(big.Int).SetBytes(digest[:])
	if !P256Verify(d.x, d.y, digest, d.r, d.s) {
		panic("auth: dummy P-256 signature does not verify")
	}
	return curveSpec{
		params: sw_emulated.GetP256Params(),
		p:      p256P,
		n:      p256N,
		halfN:  p256HalfN,
		a:      big.NewInt(-3),
		b:      p256B,
		dummy:  d,
	}
}()
