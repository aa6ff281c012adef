// Package registered imports every circuit the node can prove, so that their
// init functions register them with the prover package. The native library
// and the commands import it; a new circuit package adds one line here.
package registered

import (
	// "aggregate-2": the aggregation of batch (and aggregation) proofs.
	_ "github.com/keystore-rollup/keystore-circuits/aggregation"
	// "batch-1", "batch-4", "batch-16": the keystore rollup's batch circuit.
	_ "github.com/keystore-rollup/keystore-circuits/batch"
	// "test-poseidon2", for the pipeline's own tests.
	_ "github.com/keystore-rollup/keystore-circuits/prover/testcircuit"
)
