// Command bench-poseidon2 measures native Poseidon2 compressions per second on
// one goroutine and prints one JSON line for ./bench:
//
//	{"metric": "poseidon2_go_hashes_per_s", "value": <n>, "unit": "hashes/s"}
package main

import (
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"

	"github.com/keystore-rollup/keystore-circuits/hashing"
)

func main() {
	warmup := flag.Duration("warmup", time.Second, "warm-up time")
	measure := flag.Duration("measure", 3*time.Second, "measurement time")
	flag.Parse()

	var left, right fr.Element
	left.SetUint64(1)
	right.SetUint64(2)
	run := func(d time.Duration) (int, time.Duration) {
		start := time.Now()
		n := 0
		for time.Since(start) < d {
			for i := 0; i < 1000; i++ {
				left, right = right, hashing.Compress(left, right)
			}
			n += 1000
		}
		return n, time.Since(start)
	}
	run(*warmup)
	n, elapsed := run(*measure)
	if left.IsZero() && right.IsZero() { // keeps the chain observable
		fmt.Fprintln(os.Stderr, "unexpected all-zero state")
	}
	fmt.Printf("{\"metric\": \"poseidon2_go_hashes_per_s\", \"value\": %d, \"unit\": \"hashes/s\"}\n",
		int(float64(n)/elapsed.Seconds()))
}
