// Package vectors loads the shared Poseidon2 test-vector file
// (test-vectors/poseidon2-bn254.json) for Go tests.
package vectors

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
)

// File mirrors the JSON written by cmd/gen-vectors.
type File struct {
	Params struct {
		Width         int        `json:"width"`
		FullRounds    int        `json:"fullRounds"`
		PartialRounds int        `json:"partialRounds"`
		RoundKeys     [][]string `json:"roundKeys"`
	} `json:"params"`
	Compress []struct {
		Left, Right, Out string
	} `json:"compress"`
	Permutation []struct {
		In, Out []string
	} `json:"permutation"`
	Leaf []struct {
		Key, NextKey, Value, Hash string
	} `json:"leaf"`
	EmptySubtreeRoots []string `json:"emptySubtreeRoots"`
	GenesisRoot       string   `json:"genesisRoot"`
}

// Path finds test-vectors/poseidon2-bn254.json (see [Find]).
func Path() (string, error) {
	return Find("poseidon2-bn254.json")
}

// Find finds a file of test-vectors/: in $KEYSTORE_VECTORS, or in the first
// test-vectors/ folder walking up from the working directory.
func Find(name string) (string, error) {
	if dir := os.Getenv("KEYSTORE_VECTORS"); dir != "" {
		return filepath.Join(dir, name), nil
	}
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		candidate := filepath.Join(dir, "test-vectors", name)
		if _, err := os.Stat(candidate); err == nil {
			return candidate, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("test-vectors/%s not found above the working directory", name)
		}
		dir = parent
	}
}

// Load reads and parses the vector file.
func Load() (*File, error) {
	path, err := Path()
	if err != nil {
		return nil, err
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var f File
	if err := json.Unmarshal(data, &f); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return &f, nil
}

// Elem parses a 0x-prefixed hex field element, panicking on a malformed one
// (vectors are generated, so a bad one is a broken file).
func Elem(hex string) fr.Element {
	var e fr.Element
	if _, err := e.SetString(hex); err != nil {
		panic(fmt.Sprintf("bad field element %q: %v", hex, err))
	}
	return e
}
