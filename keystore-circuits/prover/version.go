package prover

// GnarkVersion is the gnark release the keys are made with; it names the key
// cache directory, since gnark's key formats and setup may change between
// releases. version_test.go checks it against go.mod.
const GnarkVersion = "v0.16.1"
