package prover

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"math/big"
	"time"

	"github.com/consensys/gnark-crypto/ecc"
	curve "github.com/consensys/gnark-crypto/ecc/bn254"
	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/consensys/gnark/backend"
	groth16bn254 "github.com/consensys/gnark/backend/groth16/bn254"
	"github.com/consensys/gnark/backend/solidity"
	cs "github.com/consensys/gnark/constraint/bn254"
	"github.com/consensys/gnark/constraint/solver"
	"github.com/consensys/gnark/frontend"
	fcs "github.com/consensys/gnark/frontend/cs"
	stdgroth16 "github.com/consensys/gnark/std/recursion/groth16"
)

// Proof is a Groth16 proof in the form the exported Solidity verifier takes:
// verifyProof(Solidity, PublicInputs).
type Proof struct {
	// Solidity is the verifier's `bytes proof` argument (gnark's
	// MarshalSolidity): A (64 bytes), B (128, EIP-197 order), C (64), then,
	// when the circuit has BSB22 commitments, each commitment (64) and the
	// batched proof of knowledge (64).
	Solidity []byte
	// PublicInputs are the verifier's `uint256[] input`, 32-byte big-endian.
	PublicInputs [][32]byte
}

// Target is what a proof is made for: it chooses the hash that derives the
// BSB22 commitment's challenge, which the verifier recomputes.
type Target uint8

const (
	// TargetL1 is a proof for the exported Solidity verifier (Keccak-256).
	TargetL1 Target = 0
	// TargetAggregation is a proof for the aggregation circuit's in-circuit
	// verifier (gnark's MiMC-based hash to field, which a circuit computes
	// cheaply; docs/spec/aggregation.md §4). The Solidity verifier refuses it.
	TargetAggregation Target = 1
)

func (t Target) String() string {
	switch t {
	case TargetL1:
		return "l1"
	case TargetAggregation:
		return "aggregation"
	default:
		return fmt.Sprintf("target(%d)", uint8(t))
	}
}

func (t Target) proverOption() (backend.ProverOption, error) {
	switch t {
	case TargetL1:
		return solidity.WithProverTargetSolidityVerifier(backend.GROTH16), nil
	case TargetAggregation:
		return stdgroth16.GetNativeProverOptions(ecc.BN254.ScalarField(), ecc.BN254.ScalarField()), nil
	default:
		return nil, fmt.Errorf("%w: unknown proof target %d", ErrInvalidProof, uint8(t))
	}
}

func (t Target) verifierOption() (backend.VerifierOption, error) {
	switch t {
	case TargetL1:
		return solidity.WithVerifierTargetSolidityVerifier(backend.GROTH16), nil
	case TargetAggregation:
		return stdgroth16.GetNativeVerifierOptions(ecc.BN254.ScalarField(), ecc.BN254.ScalarField()), nil
	default:
		return nil, fmt.Errorf("%w: unknown proof target %d", ErrInvalidProof, uint8(t))
	}
}

// Prove proves the circuit of k for the given witness bytes (the circuit's
// own layout), for the L1 verifier. Errors wrap ErrInvalidWitness when the
// witness is malformed or does not satisfy the circuit.
func Prove(k *Keys, witnessBytes []byte, log Logger) (Proof, error) {
	return ProveFor(k, witnessBytes, TargetL1, log)
}

// ProveFor is Prove for the given target.
func ProveFor(k *Keys, witnessBytes []byte, target Target, log Logger) (Proof, error) {
	option, err := target.proverOption()
	if err != nil {
		return Proof{}, err
	}
	start := time.Now()
	assignment, err := k.circuit.Assign(witnessBytes)
	if err != nil {
		if !errors.Is(err, ErrInvalidWitness) {
			err = fmt.Errorf("%w: %v", ErrInvalidWitness, err)
		}
		return Proof{}, err
	}
	full, err := frontend.NewWitness(assignment, ecc.BN254.ScalarField())
	if err != nil {
		return Proof{}, fmt.Errorf("%w: %v", ErrInvalidWitness, err)
	}
	public, err := full.Public()
	if err != nil {
		return Proof{}, err
	}
	log.phase("witness", start)

	if k.stateful {
		k.serial.Lock()
		defer k.serial.Unlock()
	}
	randMu.RLock() // no development setup may replace crypto/rand meanwhile
	defer randMu.RUnlock()
	start = time.Now()
	// A fresh option each call: it carries a hash.Hash, which is stateful.
	proof, err := groth16bn254.Prove(k.ccs, k.pk, full, option)
	if err != nil {
		var unsatisfied *cs.UnsatisfiedConstraintError
		if errors.As(err, &unsatisfied) {
			return Proof{}, fmt.Errorf("%w: does not satisfy circuit %s: %v", ErrInvalidWitness, k.circuit.Name(), err)
		}
		return Proof{}, fmt.Errorf("prove %s: %w", k.circuit.Name(), err)
	}
	log.phase("prove", start)

	inputs := public.Vector().(fr.Vector)
	out := Proof{Solidity: proof.MarshalSolidity(), PublicInputs: make([][32]byte, len(inputs))}
	for i := range inputs {
		out.PublicInputs[i] = inputs[i].Bytes()
	}
	return out, nil
}

// Verify checks p against the verifying key of k, exactly as the exported
// Solidity verifier does. Errors wrap ErrInvalidProof when the sizes are
// wrong, and ErrProofRejected for anything else: points off the curve,
// public inputs out of the field, a failed pairing check.
func Verify(k *Keys, p Proof) error {
	return VerifyFor(k, p, TargetL1)
}

// VerifyFor is Verify for a proof made for the given target.
func VerifyFor(k *Keys, p Proof, target Target) error {
	option, err := target.verifierOption()
	if err != nil {
		return err
	}
	if len(p.Solidity) != k.ProofSize() {
		return fmt.Errorf("%w: %d proof bytes, circuit %s needs %d", ErrInvalidProof, len(p.Solidity), k.circuit.Name(), k.ProofSize())
	}
	if len(p.PublicInputs) != k.NbPublicInputs() {
		return fmt.Errorf("%w: %d public inputs, circuit %s has %d", ErrInvalidProof, len(p.PublicInputs), k.circuit.Name(), k.NbPublicInputs())
	}
	proof, err := DecodeProof(p.Solidity, k.NbCommitments())
	if err != nil {
		return fmt.Errorf("%w: %v", ErrProofRejected, err)
	}
	public, err := publicInputs(p.PublicInputs)
	if err != nil {
		return fmt.Errorf("%w: %v", ErrProofRejected, err)
	}
	if err := groth16bn254.Verify(proof, k.vk, public, option); err != nil {
		return fmt.Errorf("%w: %v", ErrProofRejected, err)
	}
	return nil
}

// DecodeProof inverts MarshalSolidity (Proof.Solidity): gnark's raw encoding
// has a 4-byte commitment count after C, which the Solidity form drops.
// Decoding checks that every point is on its curve and in its subgroup.
func DecodeProof(sol []byte, nbCommitments int) (*groth16bn254.Proof, error) {
	raw := make([]byte, 0, len(sol)+4)
	raw = append(raw, sol[:256]...)
	raw = binary.BigEndian.AppendUint32(raw, uint32(nbCommitments))
	if nbCommitments > 0 {
		raw = append(raw, sol[256:]...)
	} else {
		var none curve.G1Affine // no commitment: the proof of knowledge is the point at infinity
		pok := none.RawBytes()
		raw = append(raw, pok[:]...)
	}
	proof := new(groth16bn254.Proof)
	if _, err := proof.ReadFrom(bytes.NewReader(raw)); err != nil {
		return nil, err
	}
	return proof, nil
}

func publicInputs(inputs [][32]byte) (fr.Vector, error) {
	out := make(fr.Vector, len(inputs))
	for i := range inputs {
		if err := out[i].SetBytesCanonical(inputs[i][:]); err != nil {
			return nil, fmt.Errorf("public input %d is not in the field", i)
		}
	}
	return out, nil
}

// Solve runs only the witness solve of the circuit (the first part of
// Prove) and returns its duration; for benchmarks and for checking a witness
// without proving. Errors wrap ErrInvalidWitness as Prove's do.
func Solve(k *Keys, witnessBytes []byte) (time.Duration, error) {
	assignment, err := k.circuit.Assign(witnessBytes)
	if err != nil {
		if !errors.Is(err, ErrInvalidWitness) {
			err = fmt.Errorf("%w: %v", ErrInvalidWitness, err)
		}
		return 0, err
	}
	full, err := frontend.NewWitness(assignment, ecc.BN254.ScalarField())
	if err != nil {
		return 0, fmt.Errorf("%w: %v", ErrInvalidWitness, err)
	}
	if k.stateful {
		k.serial.Lock()
		defer k.serial.Unlock()
	}
	start := time.Now()
	if _, err := k.ccs.Solve(full, SolveWithoutProver()); err != nil {
		return 0, fmt.Errorf("%w: does not satisfy circuit %s: %v", ErrInvalidWitness, k.circuit.Name(), err)
	}
	return time.Since(start), nil
}

// SolveWithoutProver is the solver option that lets a constraint system with
// BSB22 commitments be solved without the Groth16 prover (stubCommitment), for
// checking whether an assignment satisfies a compiled circuit.
func SolveWithoutProver() solver.Option {
	return solver.OverrideHint(solver.GetHintID(fcs.Bsb22CommitmentComputePlaceholder), stubCommitment)
}

// stubCommitment stands in for the BSB22 commitment hint, which only the
// Groth16 prover can compute (it needs the proving key): a hash of the
// committed values, as random as the real one for checking satisfiability.
func stubCommitment(_ *big.Int, in []*big.Int, out []*big.Int) error {
	h := sha256.New()
	for _, v := range in {
		var e fr.Element
		e.SetBigInt(v)
		b := e.Bytes()
		h.Write(b[:])
	}
	var e fr.Element
	e.SetBytes(h.Sum(nil))
	e.BigInt(out[0])
	return nil
}
