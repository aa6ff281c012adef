package batch

import (
	"encoding/hex"
	"encoding/json"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/consensys/gnark-crypto/ecc"
	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/consensys/gnark/constraint"
	"github.com/consensys/gnark/frontend"
	"github.com/consensys/gnark/frontend/cs/r1cs"

	"github.com/keystore-rollup/keystore-circuits/hashing"
	"github.com/keystore-rollup/keystore-circuits/internal/vectors"
)

// batchVector is one batch of test-vectors/batch-witness-v1.json, written by
// the Java reference (keystore-state BatchWitnessVectorsTest).
type batchVector struct {
	Name        string `json:"name"`
	Slots       int    `json:"slots"`
	Types       []int  `json:"types"`
	Rejected    int    `json:"rejected"`
	PublicInput string `json:"publicInput"`
	Witness     string `json:"witness"`
	// Forced are the batch's forced transactions (proof.md §7), in queue order.
	Forced []struct {
		Tx        string `json:"tx"`
		SignerKey string `json:"signerKey"`
		ForceID   string `json:"forceId"`
	} `json:"forced"`
}

func loadBatchVectors(t *testing.T) []batchVector {
	t.Helper()
	path, err := vectors.Find("batch-witness-v1.json")
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var file struct {
		Batches []batchVector `json:"batches"`
	}
	if err := json.Unmarshal(data, &file); err != nil {
		t.Fatal(err)
	}
	if len(file.Batches) == 0 {
		t.Fatal("no batches in " + path)
	}
	return file.Batches
}

// witnessOf parses a vector's witness (a fresh copy each time).
func witnessOf(t *testing.T, v batchVector) *Witness {
	t.Helper()
	data, err := hex.DecodeString(strings.TrimPrefix(v.Witness, "0x"))
	if err != nil {
		t.Fatal(err)
	}
	if len(data) == preForceWitnessSize(v.Slots) {
		data = upgradePreForceWitness(t, v.Slots, data)
	}
	w, err := ParseWitness(v.Slots, data)
	if err != nil {
		t.Fatal(err)
	}
	return w
}

func witnessBytes(t *testing.T, v batchVector) []byte {
	t.Helper()
	data, err := hex.DecodeString(strings.TrimPrefix(v.Witness, "0x"))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func vectorNamed(t *testing.T, name string) batchVector {
	t.Helper()
	for _, v := range loadBatchVectors(t) {
		if v.Name == name {
			return v
		}
	}
	t.Fatalf("no batch vector %q", name)
	return batchVector{}
}

type shape struct {
	slots  int
	claims bool
}

var (
	compiledMu sync.Mutex
	compiled   = map[shape]constraint.ConstraintSystem{}
)

// compile returns the R1CS of a shape, compiled once per test binary.
func compile(t testing.TB, s shape) constraint.ConstraintSystem {
	t.Helper()
	compiledMu.Lock()
	defer compiledMu.Unlock()
	if cs, ok := compiled[s]; ok {
		return cs
	}
	circuit := New(s.slots)
	circuit.skipClaims = !s.claims
	cs, err := frontend.Compile(ecc.BN254.ScalarField(), r1cs.NewBuilder, circuit)
	if err != nil {
		t.Fatal(err)
	}
	compiled[s] = cs
	return cs
}

// solve runs gnark's R1CS solver on a witness; with claims false, the header's
// claims are not checked (see Circuit.skipClaims).
func solve(t testing.TB, w *Witness, claims bool) error {
	t.Helper()
	cs := compile(t, shape{len(w.Slots), claims})
	full, err := frontend.NewWitness(w.Assignment(), ecc.BN254.ScalarField())
	if err != nil {
		t.Fatal(err)
	}
	return cs.IsSolved(full)
}

// largeSlots is the largest batch the tests compile unless KEYSTORE_LARGE_BATCHES
// is set: batch-16 (about 8 million constraints) takes minutes and gigabytes to
// compile and solve, and ./bench prover covers it.
const largeSlots = 4

func TestEveryJavaBatchWitnessSatisfiesTheCircuit(t *testing.T) {
	for _, v := range loadBatchVectors(t) {
		if v.Slots > largeSlots && os.Getenv("KEYSTORE_LARGE_BATCHES") == "" {
			t.Logf("%s: %d slots, skipped (set KEYSTORE_LARGE_BATCHES=1 to solve it)", v.Name, v.Slots)
			continue
		}
		t.Run(v.Name, func(t *testing.T) {
			w := witnessOf(t, v)
			var want fr.Element
			if _, err := want.SetString(v.PublicInput); err != nil {
				t.Fatal(err)
			}
			if len(witnessBytes(t, v)) == preForceWitnessSize(v.Slots) {
				want = w.PublicInput() // a vector of the earlier layout, upgraded here
			}
			if got := w.PublicInput(); !got.Equal(&want) {
				t.Fatalf("public input %s, Java computed %s", got.String(), want.String())
			}
			checkForcedIDs(t, v, w)
			if err := solve(t, w, true); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// checkForcedIDs checks a vector's forced transactions against its witness:
// the header holds their ids, in order, and each is the id this package
// computes from its slot (proof.md §7.2), as the circuit does.
func checkForcedIDs(t *testing.T, v batchVector, w *Witness) {
	t.Helper()
	ids := w.ForcedIDs()
	if got := w.ForcedCount(); got != len(v.Forced) {
		t.Fatalf("%d forced ids in the header, %d forced transactions listed", got, len(v.Forced))
	}
	for j, f := range v.Forced {
		if got := "0x" + hex.EncodeToString(ids[j][:]); !strings.EqualFold(got, f.ForceID) {
			t.Fatalf("forced id %d: header %s, vector %s", j, got, f.ForceID)
		}
		if got := w.ForceID(j); got != ids[j] {
			t.Fatalf("forced id %d: computed from the slot %x, header %x", j, got, ids[j])
		}
	}
}

// preForceWitnessSize is the witness size before force inclusion (8 + 2S
// header elements, 112 per slot).
func preForceWitnessSize(slots int) int { return (8 + 2*slots + 112*slots) * ElementBytes }

// upgradePreForceWitness converts a witness written before force inclusion
// (proof.md §7) to the current layout: no forced ids, and each slot gains
// txCounter (the account's nonce or epoch, which it signed) and
// creationCommitment (H_2(salt, configHash) when the slot creates the account).
func upgradePreForceWitness(t testing.TB, slots int, data []byte) []byte {
	t.Helper()
	read := func(off int) fr.Element {
		e, err := hashing.FromBytes(data[off : off+ElementBytes])
		if err != nil {
			t.Fatal(err)
		}
		return e
	}
	w := &Witness{Header: make([]fr.Element, HeaderElements(slots))}
	for i := 0; i < 8; i++ {
		w.Header[i] = read(i * ElementBytes)
	}
	for i := 0; i < 2*slots; i++ {
		w.Header[HeaderPublished(slots, 0)+i] = read((8 + i) * ElementBytes)
	}
	for i := 0; i < slots; i++ {
		s := make([]fr.Element, SlotElements)
		for j := 0; j < 112; j++ {
			s[j] = read((8 + 2*slots + 112*i + j) * ElementBytes)
		}
		switch s[iType].Uint64() {
		case TypeUpdateConfig, TypeCancelRecovery:
			s[iTxCounter] = s[iNonce]
		case TypeApproveRecovery:
			s[iTxCounter] = s[iEpoch]
		}
		if s[iCreated].IsOne() {
			s[iCreation] = chain(DomainAddress, s[iSalt], currentConfigHash(s))
		}
		w.Slots = append(w.Slots, s)
	}
	return w.Bytes()
}
