package auth

import (
	"github.com/consensys/gnark/frontend"
	"github.com/consensys/gnark/std/math/uints"
)

// Keccak is this package's in-circuit Keccak-256 (the lookup-based one of the
// signature check) and its byte encodings, for other circuits to hash bytes
// that the EVM hashes with the KECCAK256 opcode. It shares the signature
// check's lookup tables: about 99,000 constraints per keccak-f permutation
// (136 bytes) in a circuit that already has them.
type Keccak struct{ vf *verifier }

// NewKeccak binds a Keccak to a circuit's API.
func NewKeccak(api frontend.API) (*Keccak, error) {
	vf, err := newVerifier(api)
	if err != nil {
		return nil, err
	}
	return &Keccak{vf: vf}, nil
}

// Word returns the 32 big-endian bytes of w.Value, with the range checks of
// [Word] (canonical for 254-bit words).
func (k *Keccak) Word(w Word) ([]uints.U8, error) {
	return k.vf.word32(w, 1)
}

// Bytes returns the n big-endian bytes of v (n ≤ 31), asserting v < 2^(8n).
func (k *Keccak) Bytes(v frontend.Variable, n int) []uints.U8 {
	if n < 1 || n > 31 {
		panic("auth: Bytes of 1 to 31 bytes")
	}
	le := k.vf.split(v, n, 8)
	out := make([]uints.U8, n)
	for i := range le {
		out[n-1-i] = k.vf.bytes.ValueOf(le[i])
	}
	return out
}

// Half returns the 16 big-endian bytes of a 128-bit value, asserting it is
// below 2^128.
func (k *Keccak) Half(v frontend.Variable) []uints.U8 {
	return k.vf.half16(v)
}

// Sum is the legacy (Ethereum) Keccak-256 of msg, of any fixed length.
func (k *Keccak) Sum(msg []uints.U8) []uints.U8 {
	return k.vf.keccak256Blocks(msg)
}

// Value is the integer whose big-endian bytes are b (len(b) ≤ 31).
func (k *Keccak) Value(b []uints.U8) frontend.Variable {
	if len(b) > 31 {
		panic("auth: Value of more than 31 bytes")
	}
	acc := frontend.Variable(0)
	for _, x := range b {
		acc = k.vf.api.Add(k.vf.api.Mul(acc, 256), k.vf.bytes.Value(x))
	}
	return acc
}

// LowBits returns the low n bits (n < 8) of a byte as an integer.
func (k *Keccak) LowBits(b uints.U8, n int) frontend.Variable {
	bits := k.vf.api.ToBinary(k.vf.bytes.Value(b), 8)
	return k.vf.api.FromBinary(bits[:n]...)
}

// keccak256Blocks is Keccak-256 over any number of blocks: pad10*1, then each
// 136-byte block XORed into the rate lanes and permuted. The first block goes
// into the zero state as it is.
func (vf *verifier) keccak256Blocks(msg []uints.U8) []uints.U8 {
	if len(msg) < keccakRate {
		return vf.keccak256(msg)
	}
	padLen := keccakRate - len(msg)%keccakRate
	pad := make([]byte, padLen)
	pad[0] = 0x01
	pad[padLen-1] |= 0x80
	padded := append(append([]uints.U8(nil), msg...), uints.NewU8Array(pad)...)

	var st [25]uints.U64
	for j := range st {
		st[j] = uints.NewU64(0)
	}
	for b := 0; b < len(padded)/keccakRate; b++ {
		block := padded[b*keccakRate : (b+1)*keccakRate]
		for j := 0; j < keccakRate/8; j++ {
			var lane uints.U64
			copy(lane[:], block[8*j:8*j+8]) // lanes are little-endian
			if b == 0 {
				st[j] = lane
			} else {
				st[j] = vf.xor64(st[j], lane)
			}
		}
		st = vf.keccakF(st)
	}
	out := make([]uints.U8, 0, 32)
	for j := 0; j < 4; j++ {
		out = append(out, st[j][:]...)
	}
	return out
}
