package auth

import (
	"os"
	"testing"

	"github.com/consensys/gnark-crypto/ecc"
	"github.com/consensys/gnark/frontend"
	"github.com/consensys/gnark/frontend/cs/r1cs"
	"github.com/consensys/gnark/std/hash/sha2"
	"github.com/consensys/gnark/std/hash/sha3"
	"github.com/consensys/gnark/std/math/uints"
)

type keccakN struct {
	N    int
	Len  int
	Mine bool
	In   []uints.U8
}

func (c *keccakN) Define(api frontend.API) error {
	if c.Mine {
		vf, err := newVerifier(api)
		if err != nil {
			return err
		}
		for i := 0; i < c.N; i++ {
			out := vf.keccak256(c.In[i*c.Len : (i+1)*c.Len])
			for j := range out {
				api.AssertIsDifferent(vf.bytes.Value(out[j]), 300)
			}
		}
		return nil
	}
	for i := 0; i < c.N; i++ {
		h, err := sha3.NewLegacyKeccak256(api)
		if err != nil {
			return err
		}
		h.Write(c.In[i*c.Len : (i+1)*c.Len])
		out := h.Sum()
		for j := range out {
			api.AssertIsDifferent(out[j].Val, 300)
		}
	}
	return nil
}

type sha2N struct {
	N   int
	Len int
	In  []uints.U8
}

func (c *sha2N) Define(api frontend.API) error {
	h, err := sha2.New(api)
	if err != nil {
		return err
	}
	h.Write(c.In)
	out := h.Sum()
	for j := range out {
		api.AssertIsDifferent(out[j].Val, 300)
	}
	return nil
}

func count(t *testing.T, c frontend.Circuit) int {
	cs, err := frontend.Compile(ecc.BN254.ScalarField(), r1cs.NewBuilder, c)
	if err != nil {
		t.Fatal(err)
	}
	return cs.GetNbConstraints()
}

func TestMeasureHashes(t *testing.T) {
	if os.Getenv("AUTH_MEASURE") == "" {
		t.Skip("set AUTH_MEASURE=1")
	}
	for _, n := range []int{1, 2, 4, 8} {
		c := &keccakN{N: n, Len: 128, In: make([]uints.U8, n*128)}
		t.Logf("std/hash/sha3 keccak256(128 bytes) x%d: %d", n, count(t, c))
		c = &keccakN{N: n, Len: 128, Mine: true, In: make([]uints.U8, n*128)}
		t.Logf("auth keccak256(128 bytes) x%d: %d", n, count(t, c))
	}
	for _, l := range []int{55, 119, 247, 503} {
		c := &sha2N{Len: l, In: make([]uints.U8, l)}
		t.Logf("sha256(%d bytes, %d blocks): %d", l, (l+9+63)/64, count(t, c))
	}
}

type ecdsaOnly struct {
	Enabled frontend.Variable
	Digest  [32]frontend.Variable
	Key     Key
	Sig     Signature
}

func (c *ecdsaOnly) Define(api frontend.API) error {
	vf, err := newVerifier(api)
	if err != nil {
		return err
	}
	d := make([]uints.U8, 32)
	for i := range d {
		d[i] = vf.bytes.ValueOf(c.Digest[i])
	}
	return vf.verifyECDSA(c.Enabled, d, c.Key, c.Sig)
}

type hashesOnly struct {
	Enabled frontend.Variable
	DS      [2]frontend.Variable
	Words   [3]frontend.Variable
	Out     [32]frontend.Variable
}

func (c *hashesOnly) Define(api frontend.API) error {
	vf, err := newVerifier(api)
	if err != nil {
		return err
	}
	th := UpdateConfigTypeHash()
	msg := uints.NewU8Array(th[:])
	for i, b := range []int{160, 64, 254} {
		w, err := vf.word32(Word{c.Words[i], b}, c.Enabled)
		if err != nil {
			return err
		}
		msg = append(msg, w...)
	}
	sh, err := vf.keccak(msg)
	if err != nil {
		return err
	}
	msg = []uints.U8{uints.NewU8(0x19), uints.NewU8(0x01)}
	msg = append(msg, vf.half16(api.Mul(c.Enabled, c.DS[0]))...)
	msg = append(msg, vf.half16(api.Mul(c.Enabled, c.DS[1]))...)
	msg = append(msg, sh...)
	d, err := vf.keccak(msg)
	if err != nil {
		return err
	}
	for i := range d {
		api.AssertIsEqual(d[i].Val, c.Out[i])
	}
	return nil
}

func TestMeasureParts(t *testing.T) {
	if os.Getenv("AUTH_MEASURE") == "" {
		t.Skip("set AUTH_MEASURE=1")
	}
	t.Logf("ecdsa only: %d", count(t, &ecdsaOnly{}))
	t.Logf("hashes only (k=3): %d", count(t, &hashesOnly{}))
	t.Logf("whole k=3: %d", count(t, &sigCircuit{TypeHash: UpdateConfigTypeHash(), Bits: []int{160, 64, 254}, Words: make([]frontend.Variable, 3)}))
	t.Logf("whole k=2: %d", count(t, &sigCircuit{TypeHash: CancelRecoveryTypeHash(), Bits: []int{160, 64}, Words: make([]frontend.Variable, 2)}))
	useGnarkSha3 = true
	defer func() { useGnarkSha3 = false }()
	t.Logf("with std/hash/sha3: hashes only (k=3): %d", count(t, &hashesOnly{}))
	t.Logf("with std/hash/sha3: whole k=3: %d", count(t, &sigCircuit{TypeHash: UpdateConfigTypeHash(), Bits: []int{160, 64, 254}, Words: make([]frontend.Variable, 3)}))
}

// slots is n one-of slots in one circuit, as a batch circuit has them.
type slots struct {
	S []oneOfCircuit
}

func (c *slots) Define(api frontend.API) error {
	for i := range c.S {
		if err := c.S[i].Define(api); err != nil {
			return err
		}
	}
	return nil
}

func TestMeasureSlots(t *testing.T) {
	if os.Getenv("AUTH_MEASURE") == "" {
		t.Skip("set AUTH_MEASURE=1")
	}
	for _, n := range []int{1, 2, 3} {
		t.Logf("%d one-of slots: %d", n, count(t, &slots{S: make([]oneOfCircuit, n)}))
	}
}
