package auth

import (
	"errors"
	"fmt"

	"github.com/consensys/gnark/frontend"
	"github.com/consensys/gnark/std/math/uints"
)

// StructType is one signed struct type: its type hash and the widths of its
// fields, in order (see [Word.Bits]).
type StructType struct {
	TypeHash [32]byte
	Bits     []int
}

// UpdateConfigStruct is UpdateConfig(address account,uint256 nonce,bytes32 newConfigCommitment).
func UpdateConfigStruct() StructType {
	return StructType{UpdateConfigTypeHash(), []int{BitsAddress, BitsU64, BitsField}}
}

// ApproveRecoveryStruct is ApproveRecovery(address account,bytes32 newOwnerKeyHash,uint256 recoveryEpoch).
func ApproveRecoveryStruct() StructType {
	return StructType{ApproveRecoveryTypeHash(), []int{BitsAddress, BitsField, BitsU64}}
}

// CancelRecoveryStruct is CancelRecovery(address account,uint256 nonce).
func CancelRecoveryStruct() StructType {
	return StructType{CancelRecoveryTypeHash(), []int{BitsAddress, BitsU64}}
}

// KeystoreStructs are the three signed structs, in the order of
// transactions.md §4.2 (typeIndex 0, 1, 2 for AssertSignedOneOfIf).
func KeystoreStructs() []StructType {
	return []StructType{UpdateConfigStruct(), ApproveRecoveryStruct(), CancelRecoveryStruct()}
}

// AssertSignedOneOfIf is [AssertSignedIf] for a slot whose struct type is a
// circuit variable: the struct is types[typeIndex], and words[i] is its field
// i (words past its fields are ignored). All the types share one struct hash,
// one digest and one ECDSA verification, so a slot that may carry any of the
// three signed transactions pays for one signature, not three.
//
// When enabled == 1, typeIndex must be one of 0 … len(types)−1 and every
// field is range checked with the selected type's width (254-bit fields
// canonically). When enabled == 0 nothing is asserted about typeIndex,
// domainSeparator, words, key or sig.
func AssertSignedOneOfIf(api frontend.API, enabled, typeIndex frontend.Variable, types []StructType, domainSeparator [2]frontend.Variable, words []frontend.Variable, key Key, sig Signature) error {
	digest, err := EIP712DigestOneOf(api, enabled, typeIndex, types, domainSeparator, words)
	if err != nil {
		return err
	}
	vf, err := newVerifier(api)
	if err != nil {
		return err
	}
	return vf.verifyECDSA(enabled, digest, key, sig)
}

// EIP712DigestOneOf is the EIP-712 digest that [AssertSignedOneOfIf] checks a
// signature over, for the struct types[typeIndex] with the given words, as 32
// range-checked bytes: what the other schemes' checks (AssertP256SignedDigestIf,
// AssertWebAuthnSignedDigestIf) take. When enabled == 0 it is the digest of
// the struct with zero words and a zero domain separator; typeIndex,
// domainSeparator and words are then not asserted on.
func EIP712DigestOneOf(api frontend.API, enabled, typeIndex frontend.Variable, types []StructType, domainSeparator [2]frontend.Variable, words []frontend.Variable) ([]uints.U8, error) {
	if len(types) == 0 {
		return nil, errors.New("auth: no struct type")
	}
	maxK := 0
	for _, st := range types {
		if len(st.Bits) > MaxWords {
			return nil, fmt.Errorf("auth: %d words, at most %d (one keccak-f permutation)", len(st.Bits), MaxWords)
		}
		for _, b := range st.Bits {
			if err := checkBits(b); err != nil {
				return nil, err
			}
		}
		maxK = max(maxK, len(st.Bits))
	}
	if len(words) < maxK {
		return nil, fmt.Errorf("auth: %d words given, the types need %d", len(words), maxK)
	}
	vf, err := newVerifier(api)
	if err != nil {
		return nil, err
	}

	// sel[t] = (typeIndex == t), typeIndex read as 0 when disabled; exactly one.
	sel := make([]frontend.Variable, len(types))
	idx := api.Mul(enabled, typeIndex)
	sum := frontend.Variable(0)
	for t := range types {
		sel[t] = api.IsZero(api.Sub(idx, t))
		sum = api.Add(sum, sel[t])
	}
	api.AssertIsEqual(sum, 1)

	// the padded block of keccak256(typeHash ‖ words)
	block := make([]uints.U8, keccakRate)
	for j := 0; j < 32; j++ {
		var b frontend.Variable = 0
		for t, st := range types {
			b = api.Add(b, api.Mul(sel[t], int(st.TypeHash[j])))
		}
		block[j] = vf.byteOf(b)
	}
	for i := 0; i < maxK; i++ {
		bytes, err := vf.wordOneOf(i, words[i], enabled, types, sel)
		if err != nil {
			return nil, err
		}
		copy(block[32*(i+1):], bytes)
	}
	for p := 32 * (maxK + 1); p < keccakRate; p++ {
		block[p] = uints.NewU8(0)
	}
	// pad10*1: 0x01 right after the selected type's fields, 0x80 at the end
	for p := 32; p <= 32*(maxK+1) && p < keccakRate; p += 32 {
		var pad frontend.Variable = 0
		for t, st := range types {
			if 32*(len(st.Bits)+1) == p {
				pad = api.Add(pad, sel[t])
			}
		}
		if c, ok := api.Compiler().ConstantValue(pad); !ok || c.Sign() != 0 {
			// the word bytes there are zero for the types that end at p
			block[p] = vf.byteOf(api.Add(vf.val(block[p]), pad))
		}
	}
	block[keccakRate-1] = uints.NewU8(0x80) // no message reaches byte 135 (k ≤ 3)
	structHash := vf.keccak256Padded(block)

	msg := []uints.U8{uints.NewU8(0x19), uints.NewU8(0x01)}
	msg = append(msg, vf.half16(api.Mul(enabled, domainSeparator[0]))...)
	msg = append(msg, vf.half16(api.Mul(enabled, domainSeparator[1]))...)
	msg = append(msg, structHash...)
	return vf.keccak256(msg), nil
}

// byteOf wraps a value known to be a byte by construction (a selection of
// constant bytes, or a byte plus a 0/1 padding bit where the byte is zero) as
// a U8; uints range checks it where it is used.
func (vf *verifier) byteOf(v frontend.Variable) uints.U8 {
	if c, ok := vf.api.Compiler().ConstantValue(v); ok {
		return uints.NewU8(uint8(c.Uint64()))
	}
	return uints.U8{Val: v}
}

// wordOneOf is the 32-byte encoding of field i under the selected type:
// zero when the type has no field i (or the slot is disabled), else the
// value's bytes with that type's range check.
func (vf *verifier) wordOneOf(i int, value, enabled frontend.Variable, types []StructType, sel []frontend.Variable) ([]uints.U8, error) {
	api := vf.api
	var active frontend.Variable = 0
	width, same, all := 0, true, true
	for t, st := range types {
		if i >= len(st.Bits) {
			all = false
			continue
		}
		active = api.Add(active, sel[t])
		if width != 0 && width != st.Bits[i] {
			same = false
		}
		width = max(width, st.Bits[i])
	}
	if !all {
		value = api.Mul(active, value)
	}
	if same {
		// one width for every type that has field i: the plain decomposition
		return vf.word32(Word{Value: value, Bits: width}, enabled)
	}
	// the widest width (canonical when 254), then each narrower type's bound,
	// asserted only when that type is selected
	out, err := vf.word32(Word{Value: value, Bits: width}, enabled)
	if err != nil {
		return nil, err
	}
	for t, st := range types {
		if i >= len(st.Bits) || st.Bits[i] == width {
			continue
		}
		b := st.Bits[i]
		full := b / 8 // whole low bytes
		var high frontend.Variable = 0
		for j := 0; j < 32-full-1; j++ { // big-endian bytes above the partial one
			high = api.Add(high, vf.val(out[j]))
		}
		top := vf.val(out[31-full]) // the byte holding bits 8·full … 8·full+7
		if b%8 == 0 {
			high = api.Add(high, top)
		} else {
			vf.rc.Check(api.Mul(sel[t], top), b%8)
		}
		api.AssertIsEqual(api.Mul(sel[t], high), 0) // bytes are ≥ 0 and their sum < r
	}
	return out, nil
}
