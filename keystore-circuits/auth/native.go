package auth

import (
	"errors"
	"fmt"
	"math/big"

	"github.com/consensys/gnark-crypto/ecc"
	"github.com/consensys/gnark-crypto/ecc/secp256k1"
	"github.com/consensys/gnark/frontend"
	"github.com/consensys/gnark/std/algebra/emulated/sw_emulated"
	"golang.org/x/crypto/sha3"
)

// The EIP-712 type strings of the three signed structs (transactions.md §4.2).
const (
	UpdateConfigType    = "UpdateConfig(address account,uint256 nonce,bytes32 newConfigCommitment)"
	ApproveRecoveryType = "ApproveRecovery(address account,bytes32 newOwnerKeyHash,uint256 recoveryEpoch)"
	CancelRecoveryType  = "CancelRecovery(address account,uint256 nonce)"
)

// Bit widths of the struct fields, for [Word.Bits] and [NativeWord.Bits].
const (
	BitsAddress = 160 // address, left-padded to 32 bytes
	BitsU64     = 64  // nonce, recoveryEpoch: u64 values typed uint256
	BitsField   = 254 // bytes32 that is a BN254 field element (a Poseidon2 hash); canonical (< r)
)

// MaxWords is the largest number of struct fields AssertSignedIf accepts: with
// the type hash, 32·(1+3) = 128 bytes still fit one keccak-f permutation.
const MaxWords = 3

// Keccak256 is the legacy (Ethereum) Keccak-256 of the concatenated inputs.
func Keccak256(data ...[]byte) [32]byte {
	h := sha3.NewLegacyKeccak256()
	for _, d := range data {
		h.Write(d)
	}
	var out [32]byte
	h.Sum(out[:0])
	return out
}

// TypeHash is keccak256 of an EIP-712 type string.
func TypeHash(typeString string) [32]byte { return Keccak256([]byte(typeString)) }

// UpdateConfigTypeHash is keccak256([UpdateConfigType]).
func UpdateConfigTypeHash() [32]byte { return TypeHash(UpdateConfigType) }

// ApproveRecoveryTypeHash is keccak256([ApproveRecoveryType]).
func ApproveRecoveryTypeHash() [32]byte { return TypeHash(ApproveRecoveryType) }

// CancelRecoveryTypeHash is keccak256([CancelRecoveryType]).
func CancelRecoveryTypeHash() [32]byte { return TypeHash(CancelRecoveryType) }

// NativeWord is the out-of-circuit twin of [Word].
type NativeWord struct {
	Value *big.Int
	Bits  int
}

// Encode returns the 32-byte big-endian EIP-712 encoding of w, or an error if
// the value is negative, does not fit Bits, or (Bits = 254) is not a canonical
// BN254 field element — exactly the values the gadget rejects.
func (w NativeWord) Encode() ([32]byte, error) {
	var out [32]byte
	if err := checkBits(w.Bits); err != nil {
		return out, err
	}
	if w.Value == nil || w.Value.Sign() < 0 || w.Value.BitLen() > w.Bits {
		return out, fmt.Errorf("auth: word %v does not fit %d bits", w.Value, w.Bits)
	}
	if w.Bits == BitsField && w.Value.Cmp(ecc.BN254.ScalarField()) >= 0 {
		return out, fmt.Errorf("auth: word %v is not a canonical BN254 field element", w.Value)
	}
	w.Value.FillBytes(out[:])
	return out, nil
}

func checkBits(bits int) error {
	if bits < 1 || bits > BitsField {
		return fmt.Errorf("auth: word width %d not in [1, %d]", bits, BitsField)
	}
	return nil
}

// StructHash is keccak256(typeHash ‖ enc(word_1) ‖ … ‖ enc(word_k)).
func StructHash(typeHash [32]byte, words []NativeWord) ([32]byte, error) {
	if len(words) > MaxWords {
		return [32]byte{}, fmt.Errorf("auth: %d words, at most %d", len(words), MaxWords)
	}
	parts := [][]byte{typeHash[:]}
	for _, w := range words {
		enc, err := w.Encode()
		if err != nil {
			return [32]byte{}, err
		}
		parts = append(parts, enc[:])
	}
	return Keccak256(parts...), nil
}

// DigestOfStructHash is keccak256(0x19 ‖ 0x01 ‖ domainSeparator ‖ structHash).
func DigestOfStructHash(domainSeparator, structHash [32]byte) [32]byte {
	return Keccak256([]byte{0x19, 0x01}, domainSeparator[:], structHash[:])
}

// Digest is the EIP-712 digest AssertSignedIf checks the signature over.
func Digest(domainSeparator, typeHash [32]byte, words []NativeWord) ([32]byte, error) {
	sh, err := StructHash(typeHash, words)
	if err != nil {
		return [32]byte{}, err
	}
	return DigestOfStructHash(domainSeparator, sh), nil
}

var (
	two128 = new(big.Int).Lsh(big.NewInt(1), 128)
	// secpN is the order of secp256k1, secpHalfN = (n-1)/2.
	secpN     = ecc.SECP256K1.ScalarField()
	secpHalfN = new(big.Int).Rsh(new(big.Int).Sub(ecc.SECP256K1.ScalarField(), big.NewInt(1)), 1)
	secpP     = ecc.SECP256K1.BaseField()
	bn254R    = ecc.BN254.ScalarField()
)

// Halves splits a value below 2^256 into its big-endian 128-bit halves.
func Halves(v *big.Int) (hi, lo *big.Int) {
	hi, lo = new(big.Int).QuoRem(v, two128, new(big.Int))
	return hi, lo
}

// Halves32 splits 32 big-endian bytes into 128-bit halves, as circuit
// variables (for the domain separator).
func Halves32(b [32]byte) [2]frontend.Variable {
	hi, lo := Halves(new(big.Int).SetBytes(b[:]))
	return [2]frontend.Variable{hi, lo}
}

// KeyOf is the witness assignment of the public key (x, y).
func KeyOf(x, y *big.Int) Key {
	xh, xl := Halves(x)
	yh, yl := Halves(y)
	return Key{XHi: xh, XLo: xl, YHi: yh, YLo: yl}
}

// KeyFromUncompressed parses 0x04 ‖ x ‖ y (65 bytes) and checks that the point
// is on secp256k1 with x, y < p (state.md §3).
func KeyFromUncompressed(pub []byte) (Key, error) {
	if len(pub) != 65 || pub[0] != 0x04 {
		return Key{}, errors.New("auth: public key is not 0x04 ‖ x ‖ y")
	}
	x := new(big.Int).SetBytes(pub[1:33])
	y := new(big.Int).SetBytes(pub[33:])
	if _, err := pointOf(x, y); err != nil {
		return Key{}, err
	}
	return KeyOf(x, y), nil
}

func pointOf(x, y *big.Int) (secp256k1.G1Affine, error) {
	var p secp256k1.G1Affine
	if x.Cmp(secpP) >= 0 || y.Cmp(secpP) >= 0 {
		return p, errors.New("auth: key coordinate not below p")
	}
	p.X.SetBigInt(x)
	p.Y.SetBigInt(y)
	if !p.IsOnCurve() {
		return p, errors.New("auth: key is not on secp256k1")
	}
	return p, nil
}

// SignatureOf is the witness assignment of the signature (r, s).
func SignatureOf(r, s *big.Int) Signature {
	rh, rl := Halves(r)
	sh, sl := Halves(s)
	return Signature{RHi: rh, RLo: rl, SHi: sh, SLo: sl}
}

// SignatureFromBytes parses r ‖ s ‖ v (65 bytes, as eth_signTypedData_v4
// returns it) and returns (r, s); v is not used by the circuit.
func SignatureFromBytes(sig []byte) (r, s *big.Int, err error) {
	if len(sig) != 65 {
		return nil, nil, errors.New("auth: signature is not 65 bytes")
	}
	return new(big.Int).SetBytes(sig[:32]), new(big.Int).SetBytes(sig[32:64]), nil
}

// Verify is the native check of the same statement AssertSignedIf proves
// (transactions.md §4.4 without the parity of v): 1 ≤ r < n, 1 ≤ s ≤ (n−1)/2,
// R = (e·w)G + (r·w)Q not infinity and R.x = r, with e = digest mod n,
// w = s^-1 mod n. The circuit compares R.x with r exactly (not mod n), see
// doc.go: the two differ only if R.x ≥ n, which no one can arrange.
func Verify(x, y *big.Int, digest [32]byte, r, s *big.Int) bool {
	q, err := pointOf(x, y)
	if err != nil {
		return false
	}
	if !wellFormed(r, s, secpN, secpHalfN) {
		return false
	}
	u1, u2 := ecdsaScalars(digest, r, s, secpN)
	g, _ := secp256k1.Generators()
	var a, b secp256k1.G1Jac
	a.ScalarMultiplication(&g, u1)
	var qj secp256k1.G1Jac
	qj.FromAffine(&q)
	b.ScalarMultiplication(&qj, u2)
	a.AddAssign(&b)
	var rp secp256k1.G1Affine
	rp.FromJacobian(&a)
	if rp.IsInfinity() {
		return false
	}
	var rx big.Int
	rp.X.BigInt(&rx)
	return rx.Cmp(r) == 0
}

// signWithNonce is textbook ECDSA with a given nonce k and low-s; only for the
// fixed dummy of disabled slots and for tests (real signatures come from
// wallets, RFC 6979).
func signWithNonce(d, k *big.Int, digest [32]byte) (x, y, r, s *big.Int) {
	_, g := secp256k1.Generators()
	var pub, rp secp256k1.G1Affine
	pub.ScalarMultiplication(&g, d)
	rp.ScalarMultiplication(&g, k)
	r = rp.X.BigInt(new(big.Int))
	r.Mod(r, secpN)
	return pub.X.BigInt(new(big.Int)), pub.Y.BigInt(new(big.Int)), r, lowS(d, k, r, digest, secpN, secpHalfN)
}

// wellFormed is 1 ≤ r < n and 1 ≤ s ≤ (n−1)/2 (low-s), on a curve of order n.
func wellFormed(r, s, n, halfN *big.Int) bool {
	return r.Sign() > 0 && r.Cmp(n) < 0 && s.Sign() > 0 && s.Cmp(halfN) <= 0
}

// ecdsaScalars is (e·w, r·w) mod n, with e = digest mod n and w = s⁻¹ mod n:
// R = (e·w)G + (r·w)Q.
func ecdsaScalars(digest [32]byte, r, s, n *big.Int) (u1, u2 *big.Int) {
	e := new(big.Int).SetBytes(digest[:])
	e.Mod(e, n)
	w := new(big.Int).ModInverse(s, n)
	u1 = new(big.Int).Mul(e, w)
	u1.Mod(u1, n)
	u2 = new(big.Int).Mul(r, w)
	return u1, u2.Mod(u2, n)
}

// lowS is ECDSA's s = k⁻¹(e + r·d) mod n for nonce k and private key d,
// replaced by n − s above (n−1)/2.
func lowS(d, k, r *big.Int, digest [32]byte, n, halfN *big.Int) *big.Int {
	e := new(big.Int).SetBytes(digest[:])
	s := new(big.Int).Mul(r, d)
	s.Add(s, e)
	s.Mul(s, new(big.Int).ModInverse(k, n))
	s.Mod(s, n)
	if s.Cmp(halfN) > 0 {
		s.Sub(n, s)
	}
	return s
}

// The dummy (key, digest, signature) a disabled slot verifies instead of its
// own: private key, nonce and digest derived from fixed labels.
var dummy = func() (d ecdsaDummy) {
	label := func(s string) *big.Int {
		h := Keccak256([]byte(s))
		v := new(big.Int).SetBytes(h[:])
		return v.Mod(v, secpN)
	}
	digest := Keccak256([]byte("keystore-rollup/auth: dummy digest of a disabled slot"))
	d.x, d.y, d.r, d.s = signWithNonce(label("keystore-rollup/auth: dummy key"), label("keystore-rollup/auth: dummy nonce"), digest)
	d.e = new(big.Int).SetBytes(digest[:])
	if !Verify(d.x, d.y, digest, d.r, d.s) {
		panic("auth: dummy signature does not verify")
	}
	return d
}()

// secp256k1Spec is secp256k1 (y² = x³ + 7) for verifyECDSAOn.
var secp256k1Spec = curveSpec{
	params: sw_emulated.GetSecp256k1Params(),
	p:      secpP,
	n:      secpN,
	halfN:  secpHalfN,
	a:      big.NewInt(0),
	b:      big.NewInt(7),
	dummy:  dummy,
}
