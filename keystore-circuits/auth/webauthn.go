package auth

import (
	"errors"
	"math/big"

	"github.com/consensys/gnark/frontend"
	"github.com/consensys/gnark/std/hash"
	"github.com/consensys/gnark/std/hash/sha2"
	"github.com/consensys/gnark/std/lookup/logderivlookup"
	"github.com/consensys/gnark/std/math/uints"
)

// WebAuthn assertions (scheme 3, docs/spec/passkeys.md §4): the bounds of
// §4.1, which fix the circuit's SHA-256 work per slot (clientDataJSON 7
// blocks, authenticatorData ‖ 32 bytes 3 blocks).
const (
	WebAuthnMinAuthData   = 37
	WebAuthnMaxAuthData   = 128
	WebAuthnMinClientData = 80
	WebAuthnMaxClientData = 384
)

// webAuthnPrefix is what clientDataJSON starts with before the challenge
// (§4.2): 36 bytes, then base64url(digest) (43 characters), then '"'.
const webAuthnPrefix = `{"type":"webauthn.get","challenge":"`

const base64url = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"

// WebAuthn is an assertion as the circuit takes it: the authenticatorData and
// clientDataJSON bytes, each zero-padded to its bound, and their lengths.
type WebAuthn struct {
	AuthData      [WebAuthnMaxAuthData]uints.U8
	AuthDataLen   frontend.Variable
	ClientData    [WebAuthnMaxClientData]uints.U8
	ClientDataLen frontend.Variable
}

// WebAuthnOf is the witness assignment of an assertion (lengths within the
// bounds of §4.1).
func WebAuthnOf(authData, clientData []byte) (WebAuthn, error) {
	var w WebAuthn
	if len(authData) < WebAuthnMinAuthData || len(authData) > WebAuthnMaxAuthData {
		return w, errors.New("auth: authenticatorData outside 37..128 bytes")
	}
	if len(clientData) < WebAuthnMinClientData || len(clientData) > WebAuthnMaxClientData {
		return w, errors.New("auth: clientDataJSON outside 80..384 bytes")
	}
	for i := range w.AuthData {
		w.AuthData[i] = uints.NewU8(0)
		if i < len(authData) {
			w.AuthData[i] = uints.NewU8(authData[i])
		}
	}
	for i := range w.ClientData {
		w.ClientData[i] = uints.NewU8(0)
		if i < len(clientData) {
			w.ClientData[i] = uints.NewU8(clientData[i])
		}
	}
	w.AuthDataLen, w.ClientDataLen = len(authData), len(clientData)
	return w, nil
}

// AssertWebAuthnSignedDigestIf asserts, when enabled == 1, that the assertion
// w with signature sig by key is valid for the 32-byte digest (passkeys.md
// §4.2; the digest's bytes range checked by the caller, as a hash gadget's
// output is):
//   - 37 ≤ len(authenticatorData) ≤ 128, 80 ≤ len(clientDataJSON) ≤ 384;
//   - clientDataJSON starts with {"type":"webauthn.get","challenge":" then
//     base64url(digest) (43 characters, no padding) then ";
//   - the user-present bit (bit 0 of authenticatorData[32]) is set;
//   - sig is a valid low-s P-256 signature by key of
//     SHA-256(authenticatorData ‖ SHA-256(clientDataJSON)), as
//     AssertP256SignedDigestIf checks it.
//
// When enabled == 0 nothing is asserted about w, key or sig (the lengths are
// taken at their minimum and a fixed valid P-256 dummy is verified). enabled
// must already be constrained boolean by the caller.
func AssertWebAuthnSignedDigestIf(api frontend.API, enabled frontend.Variable, digest []uints.U8, w WebAuthn, key Key, sig Signature) error {
	if len(digest) != 32 {
		return errors.New("auth: a WebAuthn challenge is a 32-byte digest")
	}
	vf, err := newVerifier(api)
	if err != nil {
		return err
	}
	authData := make([]uints.U8, WebAuthnMaxAuthData)
	for i := range authData {
		authData[i] = vf.bytes.ValueOf(vf.bytes.Value(w.AuthData[i]))
	}
	clientData := make([]uints.U8, WebAuthnMaxClientData)
	for i := range clientData {
		clientData[i] = vf.bytes.ValueOf(vf.bytes.Value(w.ClientData[i]))
	}
	authLen := selectConst(api, enabled, w.AuthDataLen, bigInt(WebAuthnMinAuthData))
	clientLen := selectConst(api, enabled, w.ClientDataLen, bigInt(WebAuthnMinClientData))

	// type and challenge: the first 80 bytes of clientDataJSON
	expected := make([]frontend.Variable, 0, WebAuthnMinClientData)
	for _, c := range []byte(webAuthnPrefix) {
		expected = append(expected, int(c))
	}
	expected = append(expected, vf.base64url(digest)...)
	expected = append(expected, int('"'))
	for i, e := range expected {
		api.AssertIsEqual(api.Mul(enabled, api.Sub(vf.bytes.Value(clientData[i]), e)), 0)
	}

	// user present
	flags := api.ToBinary(vf.bytes.Value(authData[32]), 8)
	api.AssertIsEqual(api.Mul(enabled, api.Sub(1, flags[0])), 0)

	// SHA-256(clientDataJSON), its length bounded by FixedLengthSum
	h, err := sha2.New(api, hash.WithMinimalLength(WebAuthnMinClientData))
	if err != nil {
		return err
	}
	h.Write(clientData)
	clientHash := h.FixedLengthSum(clientLen)

	// SHA-256(authenticatorData ‖ clientHash): the 32 bytes start at offset
	// len(authenticatorData), which the sum's bounds keep in 37..128
	message := vf.concatAt(authData, authLen, clientHash)
	h, err = sha2.New(api, hash.WithMinimalLength(WebAuthnMinAuthData+32))
	if err != nil {
		return err
	}
	h.Write(message)
	signed := h.FixedLengthSum(api.Add(authLen, 32))

	return verifyECDSAOn[p256Fp, p256Fr](vf, p256Spec, enabled, signed, key, sig)
}

// base64url returns the 43 characters of base64url(digest) (RFC 4648 §5, no
// padding), as variables: the digest's 256 bits, most significant first, in
// groups of 6 (the last one 4 bits and two zero bits), each looked up in the
// alphabet.
func (vf *verifier) base64url(digest []uints.U8) []frontend.Variable {
	api := vf.api
	bits := make([]frontend.Variable, 0, 258)
	for _, b := range digest {
		le := api.ToBinary(vf.bytes.Value(b), 8)
		for i := 7; i >= 0; i-- {
			bits = append(bits, le[i])
		}
	}
	bits = append(bits, 0, 0)
	alphabet := logderivlookup.New(api)
	for _, c := range []byte(base64url) {
		alphabet.Insert(int(c))
	}
	sextets := make([]frontend.Variable, 0, 43)
	for g := 0; g+6 <= len(bits); g += 6 {
		var v frontend.Variable = 0
		for _, bit := range bits[g : g+6] {
			v = api.Add(api.Mul(v, 2), bit)
		}
		sextets = append(sextets, v)
	}
	return alphabet.Lookup(sextets...)
}

// concatAt returns the WebAuthnMaxAuthData+32 bytes of
// prefix[0:length] ‖ tail ‖ zeros, for a length in
// WebAuthnMinAuthData..WebAuthnMaxAuthData (checked by the caller): byte i is
// prefix[i] while i < length, then tail[i − length].
func (vf *verifier) concatAt(prefix []uints.U8, length frontend.Variable, tail []uints.U8) []uints.U8 {
	api := vf.api
	// at[k] = (length == k), one of them 1 for a length in bounds
	at := make(map[int]frontend.Variable, WebAuthnMaxAuthData-WebAuthnMinAuthData+1)
	for k := WebAuthnMinAuthData; k <= WebAuthnMaxAuthData; k++ {
		at[k] = api.IsZero(api.Sub(length, k))
	}
	out := make([]uints.U8, WebAuthnMaxAuthData+32)
	var before frontend.Variable = 1 // i < length
	for i := range out {
		if a, ok := at[i]; ok {
			before = api.Sub(before, a) // length == i: from here on, the tail
		}
		var v frontend.Variable = 0
		if i < len(prefix) {
			v = api.Mul(before, vf.bytes.Value(prefix[i]))
		}
		for j := range tail {
			if a, ok := at[i-j]; ok {
				v = api.Add(v, api.Mul(a, vf.bytes.Value(tail[j])))
			}
		}
		out[i] = vf.bytes.ValueOf(v)
	}
	return out
}

func bigInt(v int64) *big.Int { return big.NewInt(v) }
