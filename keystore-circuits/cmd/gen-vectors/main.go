// Command gen-vectors writes the Poseidon2/BN254 test vectors that the Java,
// Go and Solidity test suites all check. Run it from keystore-circuits/:
//
//	go run ./cmd/gen-vectors -out ../test-vectors/poseidon2-bn254.json
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/keystore-rollup/keystore-circuits/internal/vectorgen"
)

func main() {
	out := flag.String("out", "../test-vectors/poseidon2-bn254.json", "output file")
	flag.Parse()
	data, err := vectorgen.Generate()
	if err == nil {
		err = os.WriteFile(*out, data, 0o644)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen-vectors:", err)
		os.Exit(1)
	}
	fmt.Println("wrote", *out)
}
