package main

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/keystore-rollup/keystore-circuits/internal/vectors"
	"github.com/keystore-rollup/keystore-circuits/prover"
)

// stampFile records what the aggregated fixtures of a directory were proven
// from (-reuse).
const stampFile = "aggregated.stamp"

// inputsStamp hashes what the aggregated fixtures depend on: the circuits'
// Go sources and modules (their hash names the keys), this command's flags,
// the batch vectors and the manifests of the keys in the cache. The same
// stamp with every fixture present: the aggregate-2 proofs (minutes) are
// skipped, as any valid proof of the same statement serves the tests.
func inputsStamp(counts []int, cache string) (string, error) {
	h := sha256.New()
	fmt.Fprintf(h, "counts %v\n", counts)
	root, err := moduleRoot()
	if err != nil {
		return "", err
	}
	var files []string
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() && strings.HasPrefix(name, ".") && path != root {
			return filepath.SkipDir
		}
		if !d.IsDir() && (strings.HasSuffix(name, ".go") || name == "go.mod" || name == "go.sum") {
			files = append(files, path)
		}
		return nil
	})
	if err != nil {
		return "", err
	}
	vectorPath, err := vectors.Find("batch-witness-v1.json")
	if err != nil {
		return "", err
	}
	files = append(files, vectorPath)
	if cache == "" {
		cache = prover.DefaultCacheDir()
	}
	manifests, _ := filepath.Glob(filepath.Join(cache, "keys", "*", "manifest.json"))
	files = append(files, manifests...)
	sort.Strings(files)
	for _, f := range files {
		file, err := os.Open(f)
		if err != nil {
			return "", err
		}
		fmt.Fprintf(h, "%s\n", f)
		_, err = io.Copy(h, file)
		file.Close()
		if err != nil {
			return "", err
		}
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// moduleRoot is the directory of keystore-circuits' go.mod, from the working
// directory up.
func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("no go.mod above the working directory")
		}
		dir = parent
	}
}

// upToDate reports whether out holds aggregated-<n>.json for every count,
// proven from inputs with this stamp.
func upToDate(out string, counts []int, stamp string) bool {
	recorded, err := os.ReadFile(filepath.Join(out, stampFile))
	if err != nil || strings.TrimSpace(string(recorded)) != stamp {
		return false
	}
	for _, n := range counts {
		if _, err := os.Stat(filepath.Join(out, fmt.Sprintf("aggregated-%d.json", n))); err != nil {
			return false
		}
	}
	return true
}
