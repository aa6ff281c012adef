//go:build !unix

package prover

// lockSetup does not lock where flock is missing: two processes may then both
// run the setup (they store the same keys; the second rename is dropped).
func lockSetup(string) (func(), error) { return func() {}, nil }
