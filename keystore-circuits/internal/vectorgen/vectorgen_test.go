package vectorgen

import (
	"bytes"
	"os"
	"testing"

	"github.com/keystore-rollup/keystore-circuits/internal/vectors"
)

func TestCommittedVectorFileIsWhatTheGeneratorWrites(t *testing.T) {
	path, err := vectors.Path()
	if err != nil {
		t.Fatal(err)
	}
	committed, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	fresh, err := Generate()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(committed, fresh) {
		t.Fatalf("%s is stale or edited by hand: regenerate it with `go run ./cmd/gen-vectors`", path)
	}
}

func TestGoModRequiresTheRecordedGnarkCryptoVersion(t *testing.T) {
	gomod, err := os.ReadFile("../../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(gomod, []byte("github.com/consensys/gnark-crypto "+GnarkCryptoVersion)) {
		t.Fatalf("go.mod does not require gnark-crypto %s: update GnarkCryptoVersion and regenerate the vectors", GnarkCryptoVersion)
	}
}
