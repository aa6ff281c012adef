// Command import-keys puts a ceremony's Groth16 keys for a registered circuit
// into the key cache, where the prover (and the node, through prover-native)
// loads them instead of running the development setup
// (docs/spec/aggregation.md §8):
//
//	import-keys -circuit aggregate-2 -pk pk.bin -vk vk.bin -setup "ceremony 2027-01, transcript sha256 …" [-cache dir]
//
// The keys are gnark's WriteTo encodings (backend/groth16/bn254/mpcsetup's
// ExtractKeys, then WriteTo). They are checked against the compiled circuit
// and each other before they are stored.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/keystore-rollup/keystore-circuits/prover"
	_ "github.com/keystore-rollup/keystore-circuits/prover/registered"
)

func main() {
	name := flag.String("circuit", "", "registered circuit name, e.g. batch-16 or aggregate-2")
	pkPath := flag.String("pk", "", "proving key file (gnark WriteTo)")
	vkPath := flag.String("vk", "", "verifying key file (gnark WriteTo)")
	setup := flag.String("setup", "", "the ceremony, as the manifest will say (e.g. its name and transcript hash)")
	cache := flag.String("cache", "", "key cache directory (default: $KEYSTORE_CACHE or ~/.cache/keystore-rollup)")
	flag.Parse()
	if err := run(*name, *pkPath, *vkPath, *setup, *cache); err != nil {
		fmt.Fprintln(os.Stderr, "import-keys:", err)
		os.Exit(1)
	}
}

func run(name, pkPath, vkPath, setup, cache string) error {
	c, err := prover.Lookup(name)
	if err != nil {
		return err
	}
	pk, err := os.Open(pkPath)
	if err != nil {
		return err
	}
	defer pk.Close()
	vk, err := os.Open(vkPath)
	if err != nil {
		return err
	}
	defer vk.Close()
	k, err := prover.ImportKeys(c, cache, pk, vk, setup)
	if err != nil {
		return err
	}
	fmt.Printf("imported the keys of %s (constraint system %s) into %s\n", name, k.CircuitHash(), k.Dir())
	return nil
}
