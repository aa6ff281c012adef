package prover

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/consensys/gnark-crypto/ecc"
	groth16bn254 "github.com/consensys/gnark/backend/groth16/bn254"
	"github.com/consensys/gnark/constraint"
	cs "github.com/consensys/gnark/constraint/bn254"
	"github.com/consensys/gnark/frontend"
	"github.com/consensys/gnark/frontend/cs/r1cs"
)

// Logger receives the progress of a long operation: the phase that just
// ended and how long it took. A nil Logger is silent.
type Logger func(phase string, elapsed time.Duration)

func (l Logger) phase(name string, start time.Time) {
	if l != nil {
		l(name, time.Since(start))
	}
}

// Keys are a compiled circuit with its Groth16 keys. They are immutable after
// LoadOrSetup and safe for concurrent Prove, Verify and ExportSolidity.
type Keys struct {
	circuit Circuit
	hash    string // hex sha256 of the serialized constraint system
	dir     string
	ccs     *cs.R1CS
	pk      *groth16bn254.ProvingKey
	vk      *groth16bn254.VerifyingKey
	// serial is held around proving when the constraint system has stateful
	// blueprints (gnark resets them at each solve), which concurrent solves
	// would share.
	serial   sync.Mutex
	stateful bool
	setup    string // how the keys were made: the manifest's "setup"
}

// devSetupDescription is the manifest's "setup" of development keys.
const devSetupDescription = "development (UNSAFE FOR PRODUCTION): gnark groth16.Setup with a public seed"

// Setup says how the keys were made (the manifest's "setup"): the development
// setup, or the ceremony that ImportKeys was told.
func (k *Keys) Setup() string { return k.setup }

// Development reports whether the keys come from the development setup.
func (k *Keys) Development() bool { return strings.HasPrefix(k.setup, "development") }

// Circuit is the circuit these keys are for.
func (k *Keys) Circuit() Circuit { return k.circuit }

// CircuitHash is the hex sha256 of the serialized constraint system.
func (k *Keys) CircuitHash() string { return k.hash }

// Dir is the cache directory the keys were loaded from or stored in.
func (k *Keys) Dir() string { return k.dir }

// VerifyingKey is the circuit's Groth16 verifying key.
func (k *Keys) VerifyingKey() *groth16bn254.VerifyingKey { return k.vk }

var loaded sync.Map // circuit name → *Keys, the last keys LoadOrSetup returned

// LoadedKeys returns the keys of the circuit called name that LoadOrSetup
// last returned in this process: an aggregation takes its inner proofs' keys
// from there.
func LoadedKeys(name string) (*Keys, error) {
	if k, ok := loaded.Load(name); ok {
		return k.(*Keys), nil
	}
	return nil, fmt.Errorf("%w: the keys of %q are not loaded in this process (load the circuit first)", ErrUnknownCircuit, name)
}

// NbConstraints is the number of R1CS constraints.
func (k *Keys) NbConstraints() int { return k.ccs.GetNbConstraints() }

// NbPublicInputs is the number of public inputs, the length of the verifier's
// input array (the constant wire and the commitments excluded).
func (k *Keys) NbPublicInputs() int { return k.ccs.GetNbPublicVariables() - 1 }

// NbCommitments is the number of BSB22 (Pedersen) commitments in the proof.
func (k *Keys) NbCommitments() int { return len(k.vk.PublicAndCommitmentCommitted) }

// ProofSize is the length of Proof.Solidity: 256 bytes for A, B, C, then 64
// per commitment and 64 for the proof of knowledge when there are any.
func (k *Keys) ProofSize() int {
	if n := k.NbCommitments(); n > 0 {
		return 256 + 64*(n+1)
	}
	return 256
}

// DefaultCacheDir is $KEYSTORE_CACHE, or ~/.cache/keystore-rollup.
func DefaultCacheDir() string {
	if dir := os.Getenv("KEYSTORE_CACHE"); dir != "" {
		return dir
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return filepath.Join(os.TempDir(), "keystore-rollup-cache")
	}
	return filepath.Join(home, ".cache", "keystore-rollup")
}

var tmpCounter atomic.Int64

const (
	ccsFile      = "ccs.bin"
	pkFile       = "pk.dump"
	vkFile       = "vk.bin"
	manifestFile = "manifest.json"
)

type manifest struct {
	Circuit     string            `json:"circuit"`
	CircuitHash string            `json:"circuitHash"`
	Gnark       string            `json:"gnark"`
	Setup       string            `json:"setup"`
	Sha256      map[string]string `json:"sha256"`
}

// LoadOrSetup compiles c, then loads its keys from
// <cacheDir>/keys/<name>-<hash16>-gnark-<version>/ or, when they are absent or
// corrupted, runs the development setup and stores them there. An empty
// cacheDir means DefaultCacheDir().
func LoadOrSetup(c Circuit, cacheDir string, log Logger) (*Keys, error) {
	if cacheDir == "" {
		cacheDir = DefaultCacheDir()
	}
	start := time.Now()
	compiled, err := frontend.Compile(ecc.BN254.ScalarField(), r1cs.NewBuilder, c.Definition())
	if err != nil {
		return nil, fmt.Errorf("compile %s: %w", c.Name(), err)
	}
	ccs, ok := compiled.(*cs.R1CS)
	if !ok {
		return nil, fmt.Errorf("compile %s: unexpected constraint system %T", c.Name(), compiled)
	}
	log.phase("compile", start)

	start = time.Now()
	sum, err := circuitHash(ccs)
	if err != nil {
		return nil, fmt.Errorf("hash %s: %w", c.Name(), err)
	}
	log.phase("hash", start)

	k := &Keys{
		circuit:  c,
		hash:     sum,
		dir:      filepath.Join(cacheDir, "keys", fmt.Sprintf("%s-%s-gnark-%s", c.Name(), sum[:16], GnarkVersion)),
		ccs:      ccs,
		stateful: hasStatefulBlueprints(ccs),
	}
	start = time.Now()
	err = k.load()
	if err == nil {
		log.phase("load", start)
		if k.Development() {
			warnUnsafe(c.Name())
		}
		loaded.Store(c.Name(), k)
		return k, nil
	}
	// One setup per circuit at a time on a machine: another process setting
	// up the same keys holds the lock, and its keys are loaded once it is done.
	unlock, err2 := lockSetup(k.dir)
	if err2 != nil {
		return nil, fmt.Errorf("lock the key cache of %s: %w", c.Name(), err2)
	}
	defer unlock()
	if err = k.load(); err == nil {
		log.phase("load", start)
		if k.Development() {
			warnUnsafe(c.Name())
		}
		loaded.Store(c.Name(), k)
		return k, nil
	}
	if !errors.Is(err, os.ErrNotExist) {
		fmt.Fprintf(os.Stderr, "prover: key cache %s is unusable (%v); running the setup again\n", k.dir, err)
	}
	if err := os.RemoveAll(k.dir); err != nil { // a corrupted or partial cache
		return nil, fmt.Errorf("remove unusable key cache: %w", err)
	}

	warnUnsafe(c.Name())
	start = time.Now()
	pk, vk, err := devSetup(ccs)
	if err != nil {
		return nil, fmt.Errorf("setup %s: %w", c.Name(), err)
	}
	k.pk, k.vk = pk, vk
	k.setup = devSetupDescription
	log.phase("setup", start)

	start = time.Now()
	if err := k.store(); err != nil {
		return nil, fmt.Errorf("store keys of %s: %w", c.Name(), err)
	}
	log.phase("store", start)
	loaded.Store(c.Name(), k)
	return k, nil
}

// circuitHash is the hex sha256 of the serialized constraint system: what
// names a circuit's keys in the cache.
func circuitHash(ccs *cs.R1CS) (string, error) {
	h := sha256.New()
	if _, err := ccs.WriteTo(h); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// removeAll removes keys about to be replaced.
func removeAll(dir string) error {
	if err := os.RemoveAll(dir); err != nil {
		return fmt.Errorf("remove old keys: %w", err)
	}
	return nil
}

func hasStatefulBlueprints(ccs *cs.R1CS) bool {
	for _, b := range ccs.Blueprints {
		if _, ok := b.(constraint.BlueprintStateful[constraint.U64]); ok {
			return true
		}
	}
	return false
}

// load reads the cached keys, checking every file against the manifest's
// sha256 in the same pass as decoding. A missing directory gives an error
// wrapping os.ErrNotExist; anything else means a corrupted cache.
func (k *Keys) load() error {
	raw, err := os.ReadFile(filepath.Join(k.dir, manifestFile))
	if err != nil {
		return err
	}
	var m manifest
	if err := json.Unmarshal(raw, &m); err != nil {
		return fmt.Errorf("manifest: %v", err)
	}
	if m.CircuitHash != k.hash || m.Gnark != GnarkVersion {
		return fmt.Errorf("manifest is for circuit %s, gnark %s", m.CircuitHash, m.Gnark)
	}
	pk := new(groth16bn254.ProvingKey)
	if err := readChecked(k.dir, pkFile, m.Sha256[pkFile], func(r io.Reader) error { return pk.ReadDump(r) }); err != nil {
		return err
	}
	vk := new(groth16bn254.VerifyingKey)
	if err := readChecked(k.dir, vkFile, m.Sha256[vkFile], func(r io.Reader) error { _, err := vk.ReadFrom(r); return err }); err != nil {
		return err
	}
	k.pk, k.vk = pk, vk
	k.setup = m.Setup
	return nil
}

func readChecked(dir, name, want string, decode func(io.Reader) error) error {
	f, err := os.Open(filepath.Join(dir, name))
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("%s missing", name) // a partial cache is corrupted, not absent
		}
		return err
	}
	defer f.Close()
	h := sha256.New()
	r := io.TeeReader(bufio.NewReaderSize(f, 1<<20), h)
	if err := decode(r); err != nil {
		return fmt.Errorf("%s: %v", name, err)
	}
	if _, err := io.Copy(io.Discard, r); err != nil {
		return fmt.Errorf("%s: %v", name, err)
	}
	if got := hex.EncodeToString(h.Sum(nil)); got != want {
		return fmt.Errorf("%s: sha256 %s, manifest says %s", name, got, want)
	}
	return nil
}

// store writes the keys into a fresh temporary directory beside the target and
// renames it into place, so a killed setup never leaves a partial cache. When
// another process won the race, its (identical) keys stay.
func (k *Keys) store() error {
	if err := os.MkdirAll(filepath.Dir(k.dir), 0o755); err != nil {
		return err
	}
	tmp := fmt.Sprintf("%s.tmp-%d-%d", k.dir, os.Getpid(), tmpCounter.Add(1))
	if err := os.Mkdir(tmp, 0o755); err != nil {
		return err
	}
	defer os.RemoveAll(tmp) // a no-op after the rename

	m := manifest{Circuit: k.circuit.Name(), CircuitHash: k.hash, Gnark: GnarkVersion,
		Setup:  k.setup,
		Sha256: map[string]string{}}
	writers := map[string]func(io.Writer) error{
		ccsFile: func(w io.Writer) error { _, err := k.ccs.WriteTo(w); return err },
		pkFile:  k.pk.WriteDump,
		vkFile:  func(w io.Writer) error { _, err := k.vk.WriteTo(w); return err },
	}
	for name, write := range writers {
		sum, err := writeFile(filepath.Join(tmp, name), write)
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		m.Sha256[name] = sum
	}
	raw, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	if _, err := writeFile(filepath.Join(tmp, manifestFile), func(w io.Writer) error { _, err := w.Write(raw); return err }); err != nil {
		return err
	}
	if err := os.Rename(tmp, k.dir); err != nil {
		if _, statErr := os.Stat(filepath.Join(k.dir, manifestFile)); statErr == nil {
			return nil // another process stored the same keys first
		}
		return err
	}
	return nil
}

// writeFile writes and fsyncs a file, returning its hex sha256.
func writeFile(path string, write func(io.Writer) error) (string, error) {
	f, err := os.Create(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	bw := bufio.NewWriterSize(io.MultiWriter(f, h), 1<<20)
	if err := write(bw); err != nil {
		return "", err
	}
	if err := bw.Flush(); err != nil {
		return "", err
	}
	if err := f.Sync(); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), f.Close()
}

// ProvingKey is the circuit's Groth16 proving key (for exporting keys to
// another cache or machine).
func (k *Keys) ProvingKey() *groth16bn254.ProvingKey { return k.pk }
