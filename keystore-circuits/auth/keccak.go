package auth

import (
	"math/big"

	"github.com/consensys/gnark/std/math/uints"
)

// Keccak-256 of one block (messages of at most 135 bytes), on gnark's uints
// bytes (lookup-table XOR, every result range checked), written from FIPS 202
// rather than calling std/hash/sha3 for two reasons:
//   - the AND of chi is derived from the XOR table, b & c = (b + c − (b ⊕ c))/2,
//     so ¬b & c = (c − b + (b ⊕ c))/2 costs one XOR query and no NOT: the
//     circuit needs no AND table (2^16 entries, ~65k constraints) and chi costs
//     two lookups a byte instead of three;
//   - XORs with constant bytes are folded (the type hash, the padding, the
//     zero high bytes of short words, the round constants), and the state
//     starts at zero, so absorbing the single block costs nothing.

// keccakRate is Keccak-256's rate in bytes.
const keccakRate = 136

// keccakRotations[x][y] is ρ's rotation of lane (x, y).
var keccakRotations = [5][5]int{
	{0, 36, 3, 41, 18},
	{1, 44, 10, 45, 2},
	{62, 6, 43, 15, 61},
	{28, 55, 25, 21, 56},
	{27, 20, 39, 8, 14},
}

// keccakRoundConstants are ι's constants.
var keccakRoundConstants = [24]uint64{
	0x0000000000000001, 0x0000000000008082, 0x800000000000808A, 0x8000000080008000,
	0x000000000000808B, 0x0000000080000001, 0x8000000080008081, 0x8000000000008009,
	0x000000000000008A, 0x0000000000000088, 0x0000000080008009, 0x000000008000000A,
	0x000000008000808B, 0x800000000000008B, 0x8000000000008089, 0x8000000000008003,
	0x8000000000008002, 0x8000000000000080, 0x000000000000800A, 0x800000008000000A,
	0x8000000080008081, 0x8000000000008080, 0x0000000080000001, 0x8000000080008008,
}

var half = new(big.Int).ModInverse(big.NewInt(2), bn254R) // 1/2 in the BN254 scalar field

// constByte returns the value of a constant byte.
func (vf *verifier) constByte(a uints.U8) (uint8, bool) {
	if a.Val == nil {
		return 0, true
	}
	c, ok := vf.api.Compiler().ConstantValue(a.Val)
	if !ok {
		return 0, false
	}
	return uint8(c.Uint64()), true
}

// xor8 is a ⊕ b, folding constants.
func (vf *verifier) xor8(a, b uints.U8) uints.U8 {
	ca, aConst := vf.constByte(a)
	cb, bConst := vf.constByte(b)
	switch {
	case aConst && bConst:
		return uints.NewU8(ca ^ cb)
	case aConst && ca == 0:
		return b
	case bConst && cb == 0:
		return a
	}
	return vf.bytes.Xor(a, b)
}

// andNot8 is ¬b & c = (c − b + (b ⊕ c)) / 2: exact, and so in [0, 255], when
// b ⊕ c is (the XOR lookup and its range check ensure it). The result is
// range checked again where it is used (uints cannot be told it is in range).
func (vf *verifier) andNot8(b, c uints.U8) uints.U8 {
	x := vf.xor8(b, c)
	api := vf.api
	v := api.Mul(api.Add(api.Sub(vf.val(c), vf.val(b)), vf.val(x)), half)
	if k, ok := api.Compiler().ConstantValue(v); ok {
		return uints.NewU8(uint8(k.Uint64()))
	}
	return uints.U8{Val: v}
}

// val is a byte's value, range checked unless constant or already checked.
func (vf *verifier) val(a uints.U8) any {
	if a.Val == nil {
		return 0
	}
	return vf.bytes.Value(a)
}

func (vf *verifier) xor64(a, b uints.U64) uints.U64 {
	var r uints.U64
	for i := range r {
		r[i] = vf.xor8(a[i], b[i])
	}
	return r
}

// rotl64 is a left rotation; lanes are little-endian ([0] is the low byte).
func (vf *verifier) rotl64(a uints.U64, n int) uints.U64 {
	if n%64 == 0 {
		return a
	}
	allConst := true
	var c uint64
	for i := 7; i >= 0; i-- {
		b, ok := vf.constByte(a[i])
		allConst = allConst && ok
		c = c<<8 | uint64(b)
	}
	if allConst {
		return uints.NewU64(c<<n | c>>(64-n))
	}
	if n%8 == 0 { // whole bytes move: no partition (Lrot would range check them again)
		var r uints.U64
		for i := range a {
			r[(i+n/8)%8] = a[i]
		}
		return r
	}
	return vf.u64.Lrot(a, n)
}

// keccakF is Keccak-f[1600] on 25 lanes, state[x + 5y].
func (vf *verifier) keccakF(st [25]uints.U64) [25]uints.U64 {
	for round := 0; round < 24; round++ {
		// θ
		var c, d [5]uints.U64
		for x := 0; x < 5; x++ {
			c[x] = st[x]
			for y := 1; y < 5; y++ {
				c[x] = vf.xor64(c[x], st[x+5*y])
			}
		}
		for x := 0; x < 5; x++ {
			d[x] = vf.xor64(c[(x+4)%5], vf.rotl64(c[(x+1)%5], 1))
		}
		for i := range st {
			st[i] = vf.xor64(st[i], d[i%5])
		}
		// ρ and π: B[y, 2x + 3y] = rot(A[x, y], r[x, y])
		var b [25]uints.U64
		for x := 0; x < 5; x++ {
			for y := 0; y < 5; y++ {
				b[y+5*((2*x+3*y)%5)] = vf.rotl64(st[x+5*y], keccakRotations[x][y])
			}
		}
		// χ
		for y := 0; y < 5; y++ {
			for x := 0; x < 5; x++ {
				var lane uints.U64
				for i := range lane {
					lane[i] = vf.xor8(b[x+5*y][i], vf.andNot8(b[(x+1)%5+5*y][i], b[(x+2)%5+5*y][i]))
				}
				st[x+5*y] = lane
			}
		}
		// ι
		st[0] = vf.xor64(st[0], uints.NewU64(keccakRoundConstants[round]))
	}
	return st
}

// keccak256 is the legacy (Ethereum) Keccak-256 of msg, len(msg) < 136.
func (vf *verifier) keccak256(msg []uints.U8) []uints.U8 {
	if len(msg) >= keccakRate {
		panic("auth: keccak256 of more than one block")
	}
	block := make([]uints.U8, keccakRate)
	copy(block, msg)
	// pad10*1 with Keccak's domain bit: 0x01 … 0x80 (0x81 when they meet)
	pad := make([]byte, keccakRate-len(msg))
	pad[0] = 0x01
	pad[len(pad)-1] |= 0x80
	copy(block[len(msg):], uints.NewU8Array(pad))
	return vf.keccak256Padded(block)
}

// keccak256Padded hashes one padded block (136 bytes): the zero state XOR
// the block is the block.
func (vf *verifier) keccak256Padded(block []uints.U8) []uints.U8 {
	var st [25]uints.U64
	for j := range st {
		for i := 0; i < 8; i++ {
			if 8*j+i < keccakRate {
				st[j][i] = block[8*j+i]
			} else {
				st[j][i] = uints.NewU8(0)
			}
		}
	}
	st = vf.keccakF(st)
	out := make([]uints.U8, 0, 32)
	for j := 0; j < 4; j++ {
		out = append(out, st[j][:]...)
	}
	return out
}
