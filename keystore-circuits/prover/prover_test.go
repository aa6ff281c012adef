package prover_test

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/consensys/gnark-crypto/ecc"
	"github.com/consensys/gnark/backend/groth16"
	"github.com/consensys/gnark/frontend"
	"github.com/consensys/gnark/frontend/cs/r1cs"

	"github.com/keystore-rollup/keystore-circuits/prover"
	"github.com/keystore-rollup/keystore-circuits/prover/testcircuit"
)

// phases records the phases a Logger saw.
type phases struct {
	mu   sync.Mutex
	seen []string
}

func (p *phases) log(phase string, _ time.Duration) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.seen = append(p.seen, phase)
}

func (p *phases) has(phase string) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, s := range p.seen {
		if s == phase {
			return true
		}
	}
	return false
}

func setup(t *testing.T, dir string) (*prover.Keys, *phases) {
	t.Helper()
	c, err := prover.Lookup(testcircuit.Name)
	if err != nil {
		t.Fatal(err)
	}
	p := &phases{}
	k, err := prover.LoadOrSetup(c, dir, p.log)
	if err != nil {
		t.Fatal(err)
	}
	return k, p
}

// shared keys for the tests that only prove and verify
var (
	sharedOnce sync.Once
	sharedKeys *prover.Keys
)

func keys(t *testing.T) *prover.Keys {
	sharedOnce.Do(func() {
		dir, err := os.MkdirTemp("", "prover-test-")
		if err != nil {
			t.Fatal(err)
		}
		sharedKeys, _ = setup(t, dir)
	})
	return sharedKeys
}

func TestMain(m *testing.M) {
	code := m.Run()
	if sharedKeys != nil {
		os.RemoveAll(filepath.Dir(filepath.Dir(sharedKeys.Dir())))
	}
	os.Exit(code)
}

func validWitness(a, b int64) ([]byte, [32]byte) {
	return testcircuit.Witness(big.NewInt(a), big.NewInt(b))
}

func TestGnarkVersionConstantMatchesGoMod(t *testing.T) {
	gomod, err := os.ReadFile("../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^\s*github.com/consensys/gnark (v\S+)`).FindSubmatch(gomod)
	if m == nil || string(m[1]) != prover.GnarkVersion {
		t.Fatalf("go.mod requires gnark %q, prover.GnarkVersion is %q", m, prover.GnarkVersion)
	}
}

func TestRegistryFindsTheTestCircuitAndRejectsUnknownNames(t *testing.T) {
	if _, err := prover.Lookup("no-such-circuit"); !errors.Is(err, prover.ErrUnknownCircuit) {
		t.Fatalf("Lookup of an unknown name: %v", err)
	}
	found := false
	for _, n := range prover.Names() {
		found = found || n == testcircuit.Name
	}
	if !found {
		t.Fatalf("Names() = %v, missing %s", prover.Names(), testcircuit.Name)
	}
}

func TestTestCircuitHasOneCommitmentAndOnePublicInput(t *testing.T) {
	k := keys(t)
	if k.NbCommitments() != 1 || k.NbPublicInputs() != 1 || k.ProofSize() != 384 {
		t.Fatalf("commitments %d, public inputs %d, proof size %d", k.NbCommitments(), k.NbPublicInputs(), k.ProofSize())
	}
	t.Logf("%s: %d constraints", testcircuit.Name, k.NbConstraints())
}

func TestSetupIsDeterministic(t *testing.T) {
	k1, _ := setup(t, t.TempDir())
	k2, _ := setup(t, t.TempDir())
	for _, f := range []string{"vk.bin", "pk.dump"} {
		b1, err1 := os.ReadFile(filepath.Join(k1.Dir(), f))
		b2, err2 := os.ReadFile(filepath.Join(k2.Dir(), f))
		if err1 != nil || err2 != nil {
			t.Fatal(err1, err2)
		}
		if !bytes.Equal(b1, b2) {
			t.Fatalf("%s differs between two setups of the same circuit", f)
		}
	}
	var v1, v2 bytes.Buffer
	if err := prover.ExportSolidity(k1, &v1, "V"); err != nil {
		t.Fatal(err)
	}
	if err := prover.ExportSolidity(k2, &v2, "V"); err != nil {
		t.Fatal(err)
	}
	if v1.String() != v2.String() {
		t.Fatal("the exported verifiers differ")
	}
}

func TestCacheHitSkipsSetup(t *testing.T) {
	dir := t.TempDir()
	k1, first := setup(t, dir)
	if !first.has("setup") || first.has("load") {
		t.Fatalf("first run phases %v, want a setup", first.seen)
	}
	k2, second := setup(t, dir)
	if second.has("setup") || !second.has("load") {
		t.Fatalf("second run phases %v, want a load and no setup", second.seen)
	}
	if k1.Dir() != k2.Dir() || !strings.Contains(filepath.Base(k1.Dir()), "test-poseidon2-"+k1.CircuitHash()[:16]+"-gnark-"+prover.GnarkVersion) {
		t.Fatalf("cache dir %s", k1.Dir())
	}
	witness, _ := validWitness(1, 2)
	proof, err := prover.Prove(k2, witness, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := prover.Verify(k1, proof); err != nil {
		t.Fatal("a proof made with cached keys fails with fresh keys:", err)
	}
}

func TestCorruptedOrPartialCacheIsDetectedAndRebuilt(t *testing.T) {
	corruptions := map[string]func(dir string) error{
		"flipped pk byte":  func(dir string) error { return flip(filepath.Join(dir, "pk.dump"), 1000) },
		"flipped vk byte":  func(dir string) error { return flip(filepath.Join(dir, "vk.bin"), 100) },
		"truncated pk":     func(dir string) error { return os.Truncate(filepath.Join(dir, "pk.dump"), 500) },
		"missing manifest": func(dir string) error { return os.Remove(filepath.Join(dir, "manifest.json")) },
		"missing vk":       func(dir string) error { return os.Remove(filepath.Join(dir, "vk.bin")) },
	}
	for name, corrupt := range corruptions {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			cached := filepath.Join(dir, "keys", filepath.Base(keys(t).Dir()))
			copyDir(t, keys(t).Dir(), cached)
			if err := corrupt(cached); err != nil {
				t.Fatal(err)
			}
			k2, p := setup(t, dir)
			if !p.has("setup") {
				t.Fatalf("phases %v: the corrupted cache was used", p.seen)
			}
			witness, _ := validWitness(3, 4)
			proof, err := prover.Prove(k2, witness, nil)
			if err != nil {
				t.Fatal(err)
			}
			if err := prover.Verify(k2, proof); err != nil {
				t.Fatal(err)
			}
			if _, p3 := setup(t, dir); !p3.has("load") {
				t.Fatalf("the rebuilt cache is not loaded: %v", p3.seen)
			}
		})
	}
}

func copyDir(t *testing.T, from, to string) {
	t.Helper()
	if err := os.MkdirAll(to, 0o755); err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(from)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(from, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(to, e.Name()), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func flip(path string, at int) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	b[at%len(b)] ^= 0x01
	return os.WriteFile(path, b, 0o644)
}

func TestProveThenVerifyAcceptsAndLogsPhases(t *testing.T) {
	k := keys(t)
	witness, h := validWitness(123456789, 987654321)
	p := &phases{}
	proof, err := prover.Prove(k, witness, p.log)
	if err != nil {
		t.Fatal(err)
	}
	if !p.has("witness") || !p.has("prove") {
		t.Fatalf("phases %v", p.seen)
	}
	if len(proof.Solidity) != k.ProofSize() || len(proof.PublicInputs) != 1 || proof.PublicInputs[0] != h {
		t.Fatalf("proof %d bytes, public inputs %x", len(proof.Solidity), proof.PublicInputs)
	}
	if err := prover.Verify(k, proof); err != nil {
		t.Fatal(err)
	}
}

func TestChangedPublicInputOrProofByteFailsVerification(t *testing.T) {
	k := keys(t)
	witness, _ := validWitness(5, 6)
	proof, err := prover.Prove(k, witness, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, i := range []int{0, 15, 31} {
		bad := prover.Proof{Solidity: proof.Solidity, PublicInputs: [][32]byte{proof.PublicInputs[0]}}
		bad.PublicInputs[0][i] ^= 0x01
		if err := prover.Verify(k, bad); !errors.Is(err, prover.ErrProofRejected) {
			t.Fatalf("public input byte %d changed: %v", i, err)
		}
	}
	for _, i := range []int{0, 31, 64, 200, 255, 256, 300, 383} {
		bad := prover.Proof{Solidity: bytes.Clone(proof.Solidity), PublicInputs: proof.PublicInputs}
		bad.Solidity[i] ^= 0x01
		if err := prover.Verify(k, bad); !errors.Is(err, prover.ErrProofRejected) {
			t.Fatalf("proof byte %d changed: %v", i, err)
		}
	}
	if err := prover.Verify(k, prover.Proof{Solidity: proof.Solidity[:256], PublicInputs: proof.PublicInputs}); !errors.Is(err, prover.ErrInvalidProof) {
		t.Fatalf("short proof: %v", err)
	}
}

func TestBadWitnessesAreInvalidWitnessErrors(t *testing.T) {
	k := keys(t)
	valid, _ := validWitness(7, 8)
	nonCanonical := bytes.Clone(valid)
	copy(nonCanonical[:32], bytes.Repeat([]byte{0xff}, 32))
	wrongH := bytes.Clone(valid)
	wrongH[95] ^= 1
	tooBig, _ := testcircuit.Witness(new(big.Int).Lsh(big.NewInt(1), testcircuit.Bits), big.NewInt(1))
	cases := map[string][]byte{
		"empty":           nil,
		"short":           valid[:95],
		"long":            append(bytes.Clone(valid), 0),
		"non-canonical a": nonCanonical,
		"wrong public h":  wrongH,
		"a out of range":  tooBig,
	}
	for name, w := range cases {
		t.Run(name, func(t *testing.T) {
			if _, err := prover.Prove(k, w, nil); !errors.Is(err, prover.ErrInvalidWitness) {
				t.Fatalf("got %v", err)
			}
		})
	}
}

func TestConcurrentProvesOnSharedKeysAllVerify(t *testing.T) {
	k := keys(t)
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i < 3; i++ {
				witness, h := validWitness(int64(g), int64(i))
				proof, err := prover.Prove(k, witness, nil)
				if err == nil && proof.PublicInputs[0] != h {
					err = errors.New("wrong public input")
				}
				if err == nil {
					err = prover.Verify(k, proof)
				}
				if err != nil {
					errs <- err
					return
				}
			}
		}(g)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
}

func TestExportSolidityRenamesTheContractAndMarksTheSetupUnsafe(t *testing.T) {
	k := keys(t)
	var out bytes.Buffer
	if err := prover.ExportSolidity(k, &out, "TestPoseidon2Verifier"); err != nil {
		t.Fatal(err)
	}
	src := out.String()
	if !strings.HasPrefix(src, "// SPDX") && !strings.Contains(src[:200], "SPDX") {
		t.Fatalf("no SPDX line first:\n%.300s", src)
	}
	for _, want := range []string{"contract TestPoseidon2Verifier", "UNSAFE FOR PRODUCTION", k.CircuitHash(), "function verifyProof("} {
		if !strings.Contains(src, want) {
			t.Fatalf("missing %q", want)
		}
	}
	if strings.Contains(src, "contract Verifier") {
		t.Fatal("gnark's contract name is left")
	}
	if err := prover.ExportSolidity(k, &out, "not a name"); err == nil {
		t.Fatal("accepted an invalid contract name")
	}
}

func TestSolveChecksAWitnessWithoutProving(t *testing.T) {
	k := keys(t)
	valid, _ := validWitness(9, 10)
	if _, err := prover.Solve(k, valid); err != nil {
		t.Fatal(err)
	}
	wrong := bytes.Clone(valid)
	wrong[95] ^= 1
	if _, err := prover.Solve(k, wrong); !errors.Is(err, prover.ErrInvalidWitness) {
		t.Fatalf("got %v", err)
	}
}

// The development keys of test-poseidon2, pinned: the same on every machine
// and every run. A change to the circuit, the hashing gadget or gnark moves
// it; check that the change is intended, then update the pin.
const testPoseidon2VerifyingKeySha256 = "d5f994a887326c00780fd34915932686578315353691e4eb76c5997cf01006c2"

func TestDevelopmentKeysArePinnedAcrossMachines(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join(keys(t).Dir(), "vk.bin"))
	if err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprintf("%x", sha256.Sum256(raw)); got != testPoseidon2VerifyingKeySha256 {
		t.Fatalf("vk.bin sha256 %s, pinned %s", got, testPoseidon2VerifyingKeySha256)
	}
}

func TestProofsMadeWhileAnotherSetupRunsAreRandomisedAndVerify(t *testing.T) {
	k := keys(t)
	done := make(chan error, 1)
	go func() {
		_, err := prover.LoadOrSetup(testcircuit.Circuit{}, t.TempDir(), nil)
		done <- err
	}()
	witness, _ := validWitness(11, 12)
	seen := map[string]bool{}
	for i := 0; i < 5; i++ {
		proof, err := prover.Prove(k, witness, nil)
		if err != nil {
			t.Fatal(err)
		}
		if err := prover.Verify(k, proof); err != nil {
			t.Fatal(err)
		}
		seen[string(proof.Solidity)] = true
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if len(seen) != 5 {
		t.Fatalf("%d distinct proofs of 5: the blinding is not random", len(seen))
	}
}

func TestImportedKeysLoadWithTheirCeremonyAndProve(t *testing.T) {
	c, err := prover.Lookup(testcircuit.Name)
	if err != nil {
		t.Fatal(err)
	}
	dev := keys(t)
	var pk, vk bytes.Buffer
	if _, err := dev.ProvingKey().WriteTo(&pk); err != nil {
		t.Fatal(err)
	}
	if _, err := dev.VerifyingKey().WriteTo(&vk); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if _, err := prover.ImportKeys(c, dir, bytes.NewReader(pk.Bytes()), bytes.NewReader(vk.Bytes()), "test ceremony #1"); err != nil {
		t.Fatal(err)
	}
	p := &phases{}
	loaded, err := prover.LoadOrSetup(c, dir, p.log)
	if err != nil {
		t.Fatal(err)
	}
	if !p.has("load") || p.has("setup") {
		t.Fatalf("imported keys were not loaded: phases %v", p.seen)
	}
	if loaded.Setup() != "test ceremony #1" || loaded.Development() {
		t.Fatalf("setup %q", loaded.Setup())
	}
	w, _ := validWitness(3, 4)
	proof, err := prover.Prove(loaded, w, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := prover.Verify(loaded, proof); err != nil {
		t.Fatal(err)
	}
	if !dev.Development() {
		t.Fatal("the development keys do not say so")
	}
}

func TestImportRefusesKeysOfAnotherSetupOrBadInput(t *testing.T) {
	c, _ := prover.Lookup(testcircuit.Name)
	dev := keys(t)
	ccs, err := frontend.Compile(ecc.BN254.ScalarField(), r1cs.NewBuilder, c.Definition())
	if err != nil {
		t.Fatal(err)
	}
	_, otherVK, err := groth16.Setup(ccs) // another (random) setup of the same circuit
	if err != nil {
		t.Fatal(err)
	}
	var pk, vk bytes.Buffer
	if _, err := dev.ProvingKey().WriteTo(&pk); err != nil {
		t.Fatal(err)
	}
	if _, err := otherVK.WriteTo(&vk); err != nil {
		t.Fatal(err)
	}
	if _, err := prover.ImportKeys(c, t.TempDir(), bytes.NewReader(pk.Bytes()), bytes.NewReader(vk.Bytes()), "mixed"); err == nil ||
		!strings.Contains(err.Error(), "different setups") {
		t.Fatalf("want a different-setups error, got %v", err)
	}
	if _, err := prover.ImportKeys(c, t.TempDir(), bytes.NewReader([]byte("garbage")), bytes.NewReader(vk.Bytes()), "garbage"); err == nil {
		t.Fatal("a garbage proving key was imported")
	}
	if _, err := prover.ImportKeys(c, t.TempDir(), bytes.NewReader(pk.Bytes()), bytes.NewReader(vk.Bytes()), ""); err == nil {
		t.Fatal("keys without a description were imported")
	}
}

func TestConcurrentSetupsOfOneCircuitRunOnceTheOtherLoads(t *testing.T) {
	c, _ := prover.Lookup(testcircuit.Name)
	dir := t.TempDir()
	logs := []*phases{{}, {}}
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i := range logs {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			_, errs[i] = prover.LoadOrSetup(c, dir, logs[i].log)
		}(i)
	}
	wg.Wait()
	setups := 0
	for i, p := range logs {
		if errs[i] != nil {
			t.Fatal(errs[i])
		}
		if p.has("setup") {
			setups++
		} else if !p.has("load") {
			t.Fatalf("caller %d neither set up nor loaded: %v", i, p.seen)
		}
	}
	if setups != 1 {
		t.Fatalf("%d setups, want 1 (the other waits for the lock and loads)", setups)
	}
}
