package prover

import "errors"

var (
	// ErrUnknownCircuit: no circuit of that name is registered.
	ErrUnknownCircuit = errors.New("unknown circuit")
	// ErrInvalidWitness: the witness bytes are malformed (length, a
	// non-canonical field element) or do not satisfy the circuit.
	ErrInvalidWitness = errors.New("invalid witness")
	// ErrInvalidProof: the proof or public inputs are malformed (length, a
	// point not on the curve, a non-canonical element).
	ErrInvalidProof = errors.New("malformed proof")
	// ErrProofRejected: a well-formed proof that does not verify.
	ErrProofRejected = errors.New("proof rejected")
)
