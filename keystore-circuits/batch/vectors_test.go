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

	"github.com/keystore-rollup/keystore-circuits/internal/vectors"
)

// batchVector is one batch of test-vectors/batch-witness-v1.json, written by
// the Java reference (keystore-state BatchWitnessVectorsTest).
type batchVector struct {
	Name        string `json:"name"`
	Slots       int    `json:"slots"`
	Circuit     string `json:"circuit"`   // batch-witness-passkeys-v1.json: the circuit (proof.md §9)
	CircuitID   int    `json:"circuitId"` // and its L1 id
	Types       []int  `json:"types"`
	Rejected    int    `json:"rejected"`
	PublicInput string `json:"publicInput"`
	Witness     string `json:"witness"`
	// Forced are the batch's forced transactions (proof.md §7), in queue order.
	Forced []struct {
		Tx        string `json:"tx"`
		SignerKey string `json:"signerKey"`
		ForceID   string `json:"forceId"`
		Outcome   string `json:"outcome"` // APPLIED, or the reason of the proven rejection
	} `json:"forced"`
}

func loadBatchVectors(t *testing.T) []batchVector {
	t.Helper()
	return loadBatchVectorFile(t, "batch-witness-v1.json")
}

func loadBatchVectorFile(t *testing.T, name string) []batchVector {
	t.Helper()
	path, err := vectors.Find(name)
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
	k := Secp256k1(v.Slots)
	if v.Circuit != "" {
		if k, err = KindNamed(v.Circuit); err != nil {
			t.Fatal(err)
		}
	}
	w, err := ParseWitnessOf(k, data)
	if err != nil {
		t.Fatal(err)
	}
	return w
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
	kind   Kind
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
	var circuit frontend.Circuit = NewOf(s.kind)
	if !s.claims {
		circuit = &unclaimed{*NewOf(s.kind)}
	}
	cs, err := frontend.Compile(ecc.BN254.ScalarField(), r1cs.NewBuilder, circuit)
	if err != nil {
		t.Fatal(err)
	}
	compiled[s] = cs
	return cs
}

// unclaimed is the batch circuit without the header's claims (new root, leaf
// count, transaction count, published data, public input): the state
// transition alone, for tests that break one rule in one slot and need every
// other constraint to hold. Its witness is the batch circuit's.
type unclaimed struct {
	Circuit
}

// Define implements frontend.Circuit.
func (c *unclaimed) Define(api frontend.API) error {
	_, err := c.transition(api)
	return err
}

// solve runs gnark's R1CS solver on a witness; with claims false, the header's
// claims are not checked (see unclaimed).
func solve(t testing.TB, w *Witness, claims bool) error {
	t.Helper()
	cs := compile(t, shape{w.kind(), claims})
	var assignment frontend.Circuit = w.Assignment()
	if !claims {
		assignment = &unclaimed{*w.Assignment()}
	}
	full, err := frontend.NewWitness(assignment, ecc.BN254.ScalarField())
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
		// A rejected transaction publishes (0, 0); an applied one its account.
		p := HeaderPublished(len(w.Slots), j)
		if rejected := w.Header[p].IsZero() && w.Header[p+1].IsZero(); rejected != (f.Outcome != "APPLIED") {
			t.Fatalf("forced transaction %d: outcome %s, published (%s, %s)", j, f.Outcome, w.Header[p].String(), w.Header[p+1].String())
		}
	}
}
