// Package prover is the proving machinery of the keystore rollup, generic
// over circuits: a registry of circuits, their Groth16 keys on BN254 (a
// deterministic development setup, cached on disk), proofs in the form the
// exported Solidity verifier takes, and that verifier's export. It is pure Go;
// prover-native wraps it in a C ABI for the JVM.
//
// # Circuits
//
// A Circuit has a Name (e.g. "batch-4"), a Definition with its shapes set,
// and Assign, which decodes the circuit's own witness bytes into a full
// assignment. Circuits Register themselves from init; the package
// prover/registered imports all of them. prover/testcircuit is a small one,
// "test-poseidon2", with the same proof shape as the batch circuits (one
// public input, one BSB22 commitment).
//
// # Keys
//
// LoadOrSetup compiles the circuit (R1CS, BN254), hashes the serialized
// constraint system (sha256) and looks for its keys in
//
//	<cacheDir>/keys/<name>-<hash[:16]>-gnark-<GnarkVersion>/{ccs.bin,pk.dump,vk.bin,manifest.json}
//
// cacheDir defaulting to ${KEYSTORE_CACHE:-~/.cache/keystore-rollup}. Any
// change to a circuit, or to gnark, gives a new directory; stale ones can be
// deleted at will. The manifest holds the sha256 of each file, checked while
// decoding (one pass): a corrupted, truncated or partial cache is reported on
// stderr and rebuilt. A new cache is written into a temporary directory and
// renamed into place, so a killed setup never leaves a half cache, and two
// processes setting up at once both end with the same keys. The proving key
// is stored with gnark's unsafe dump (WriteDump/ReadDump: raw points, no
// curve checks on load; the sha256 stands in for them). ccs.bin is not read
// back (the circuit is compiled anyway to find its hash); it is there for
// tools such as a ceremony.
//
// # The development setup (UNSAFE FOR PRODUCTION)
//
// gnark's groth16.Setup has no seed parameter: it draws its toxic waste (τ,
// α, β, γ, δ, and each Pedersen commitment key's σ) from crypto/rand. The
// development setup draws the same secrets in the same order from a ChaCha8
// stream seeded with a public constant (devSeed), installed as
// crypto/rand.Reader for the duration of the call, and computes the keys that
// gnark's Setup would compute from them, byte for byte
// (TestDevSetupMatchesGnarkSetup; on aggregate-2 the 2.4 GB keys were compared
// whole). It only computes them faster: every point of the keys is a
// fixed-base multiplication of a generator, done with a 16-bit comb (16 mixed
// additions per scalar, no doublings) on every core, where gnark's windowed
// method doubles 254 times per scalar and multiplies the commitment bases by
// σ one at a time on one core. Cost: aggregate-2 (4.9M constraints) in 2 min
// 17 s instead of 24 min on 2 vCPUs, 9 GB peak. So the same circuit always
// gets the same keys on any machine: the exported Solidity verifier can be
// regenerated and checked (TestSetupIsDeterministic, and the vk of
// test-poseidon2 is pinned). Everyone can recompute the toxic waste, so
// everyone can forge proofs: LoadOrSetup prints a loud warning, and the
// manifest and the exported verifier say so.
//
// Caveat of the swap: while a setup runs, any crypto/rand reader in the
// process would get the predictable stream. Within this package, Prove (the
// only one that needs real randomness: the blinding r, s) waits on a lock the
// setup holds; other code in the same process must not draw secrets from
// crypto/rand during a development setup (the native library and the
// commands have none).
//
// gnark's MPC package (mpcsetup), sealed with a public beacon and no
// contribution, is deterministic by design, and was tried first; its phase-2
// initialisation does one curve operation per R1CS term on one core: 62 s
// against 5 s on a 16k-constraint circuit, hours for a batch circuit.
// Production keys will come from that package with real contributions (the
// ceremony), which is not built yet.
//
// # Proofs
//
// Prove decodes the witness (Assign), solves and proves with gnark's Groth16,
// and returns a Proof: Solidity, the verifier's `bytes proof` argument (A, B
// in EIP-197 order, C, then each BSB22 commitment and the batched proof of
// knowledge: 256 + 64·(commitments+1) bytes), and PublicInputs, 32-byte
// big-endian. The commitment is hashed to the field with keccak256, the hash
// the exported verifier uses (gnark's default for Groth16 is sha256-based,
// which the verifier does not implement). Verify decodes the same bytes
// (points must be on the curve and in the subgroup) and checks them as the
// contract does: a proof Verify accepts is accepted on chain, and the other
// way round. Solve runs only the solver, to check a witness or time it.
//
// Errors: ErrUnknownCircuit; ErrInvalidWitness for malformed witness bytes
// or an unsatisfied constraint; ErrInvalidProof for wrong sizes; and
// ErrProofRejected for a proof that does not verify.
//
// Progress: LoadOrSetup reports the phases compile, hash, then load, or
// setup and store; Prove reports witness (decode and assign) and prove
// (gnark's solve plus the MSMs and FFTs; solving is not reported apart, as
// gnark solves inside Prove and a separate solve would be paid twice: use
// Solve, or cmd/bench-prover, to time it).
//
// # Concurrency
//
// Keys are immutable once loaded: Prove, Verify, Solve and ExportSolidity
// are safe from many goroutines at once, and each proof uses every core.
// Circuits whose constraint system has stateful blueprints (gnark resets them
// at each solve; the GKR-based gadgets have them) are proved one at a time.
//
// # Costs
//
// Measured with cmd/bench-prover on the project's shared 2-core machine
// (under load from other jobs, so upper bounds):
//   - test-poseidon2, 271 constraints: setup 0.06-0.3 s, load 2-5 ms, prove
//     11-40 ms (mostly gnark's fixed costs), solve 0.2 ms, verify 2-4 ms,
//     peak RSS during proving 16 MB.
//   - a chain of 85 Poseidon2 compressions, 15,845 constraints: setup 5 s
//     (gnark's unseeded Setup: 4 s), prove 0.5-0.7 s.
//   - the setup is gnark's: multi-scalar work linear in the wires and the
//     domain (the next power of two above the constraint count), on all
//     cores; paid once per circuit hash and gnark version, then loaded.
//   - memory: the proving key once per Keys, plus the solver's wire vectors
//     and FFT buffers per concurrent proof.
//
// # Solidity
//
// ExportSolidity writes gnark's verifier with the contract renamed (gnark
// always calls it Verifier; the rename is mechanical and checked) and a
// header naming the circuit, its hash, gnark's version and the unsafe setup.
// cmd/export-verifier writes it to a file; the output is generated, never
// edited, and not committed.
package prover
