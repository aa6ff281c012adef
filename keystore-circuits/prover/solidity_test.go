package prover_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/consensys/gnark/frontend"

	"github.com/keystore-rollup/keystore-circuits/prover"
)

// committedCircuit has one BSB22 commitment, as the batch and aggregation
// circuits have: X = Y², with Y committed to.
type committedCircuit struct {
	X frontend.Variable `gnark:",public"`
	Y frontend.Variable
}

func (c *committedCircuit) Define(api frontend.API) error {
	r, err := api.(frontend.Committer).Commit(c.Y)
	if err != nil {
		return err
	}
	api.AssertIsDifferent(api.Add(r, c.Y), 0)
	api.AssertIsEqual(api.Mul(c.Y, c.Y), c.X)
	return nil
}

type committed struct{}

func (committed) Name() string                 { return "test-committed" }
func (committed) Definition() frontend.Circuit { return &committedCircuit{} }
func (committed) Assign([]byte) (frontend.Circuit, error) {
	return nil, errors.New("test-committed is only exported")
}

func init() { prover.Register(committed{}) }

func TestExportSolidityChecksTheCommitmentInTheProofsPairingCall(t *testing.T) {
	c, err := prover.Lookup("test-committed")
	if err != nil {
		t.Fatal(err)
	}
	k, err := prover.LoadOrSetup(c, t.TempDir(), func(string, time.Duration) {})
	if err != nil {
		t.Fatal(err)
	}
	if k.NbCommitments() != 1 {
		t.Fatalf("%d commitments, want 1", k.NbCommitments())
	}
	var out bytes.Buffer
	if err := prover.ExportSolidity(k, &out, "CommittedVerifier"); err != nil {
		t.Fatal(err)
	}
	src := out.String()
	at := strings.Index(src, "function verifyProof(")
	if at < 0 {
		t.Fatal("no verifyProof")
	}
	verifyProof := src[at:]
	if n := strings.Count(verifyProof, "PRECOMPILE_VERIFY"); n != 1 {
		t.Fatalf("verifyProof calls the pairing %d times, want once", n)
	}
	for _, want := range []string{"PRECOMPILE_VERIFY, f, 0x480, f, 0x20", "PRECOMPILE_MUL, f, 0x60, pok, 0x40"} {
		if !strings.Contains(verifyProof, want) {
			t.Fatalf("verifyProof lacks %q", want)
		}
	}
	// the compressed form stays gnark's: its own commitment call
	if strings.Count(src[:at], "PRECOMPILE_VERIFY, pairings, 0x180") != 1 {
		t.Fatal("verifyCompressedProof changed")
	}
}
