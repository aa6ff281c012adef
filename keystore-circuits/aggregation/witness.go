package aggregation

import (
	"errors"
	"fmt"
	"math/big"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/consensys/gnark/frontend"
	"github.com/consensys/gnark/std/algebra/emulated/sw_bn254"
	"github.com/consensys/gnark/std/math/emulated"
	stdgroth16 "github.com/consensys/gnark/std/recursion/groth16"

	"github.com/keystore-rollup/keystore-circuits/auth"
	"github.com/keystore-rollup/keystore-circuits/prover"
)

// InnerProof is one proof to aggregate: the registered circuit it is a proof
// of (whose keys must be loaded in this process), the proof made for
// prover.TargetAggregation in its Solidity form, and its public input.
type InnerProof struct {
	Circuit string
	Proof   []byte
	Input   [32]byte
}

// EncodeWitness writes the witness bytes of an aggregation
// (docs/spec/aggregation.md §5): a count, then per proof its circuit's name,
// its proof and its public input.
func EncodeWitness(proofs []InnerProof) ([]byte, error) {
	if len(proofs) == 0 || len(proofs) > 255 {
		return nil, fmt.Errorf("%w: %d inner proofs", prover.ErrInvalidWitness, len(proofs))
	}
	out := []byte{byte(len(proofs))}
	for i, p := range proofs {
		if len(p.Circuit) == 0 || len(p.Circuit) > 64 {
			return nil, fmt.Errorf("%w: inner proof %d: circuit name of %d bytes", prover.ErrInvalidWitness, i, len(p.Circuit))
		}
		out = append(out, byte(len(p.Circuit)))
		out = append(out, p.Circuit...)
		out = append(out, p.Proof...)
		out = append(out, p.Input[:]...)
	}
	return out, nil
}

// DecodeWitness reads witness bytes, taking each proof's length from its
// circuit's loaded keys.
func DecodeWitness(witness []byte) ([]InnerProof, error) {
	if len(witness) < 1 {
		return nil, errors.New("empty witness")
	}
	n := int(witness[0])
	rest := witness[1:]
	out := make([]InnerProof, 0, n)
	for i := 0; i < n; i++ {
		if len(rest) < 1 || len(rest) < 1+int(rest[0]) {
			return nil, fmt.Errorf("inner proof %d: truncated circuit name", i)
		}
		name := string(rest[1 : 1+int(rest[0])])
		rest = rest[1+int(rest[0]):]
		keys, err := prover.LoadedKeys(name)
		if err != nil {
			return nil, fmt.Errorf("inner proof %d: %w", i, err)
		}
		size := keys.ProofSize()
		if len(rest) < size+32 {
			return nil, fmt.Errorf("inner proof %d (%s): %d bytes left, a proof and its input take %d", i, name, len(rest), size+32)
		}
		p := InnerProof{Circuit: name, Proof: append([]byte(nil), rest[:size]...)}
		copy(p.Input[:], rest[size:size+32])
		rest = rest[size+32:]
		out = append(out, p)
	}
	if len(rest) != 0 {
		return nil, fmt.Errorf("%d bytes after the last inner proof", len(rest))
	}
	return out, nil
}

// Assignment builds the full assignment of the fan-in k circuit: it checks
// each inner proof natively first (so that a bad one gets a clear error, not
// an unsatisfied constraint), fills the entries after the used ones with
// copies of the first, marked unused, and computes the public input.
func Assignment(k int, proofs []InnerProof) (*Circuit, error) {
	if len(proofs) == 0 || len(proofs) > k {
		return nil, fmt.Errorf("%d inner proofs for an aggregation of fan-in %d", len(proofs), k)
	}
	c := &Circuit{Entries: make([]Entry, k)}
	keyHashes := make([][32]byte, len(proofs))
	inputs := make([][32]byte, len(proofs))
	for i, p := range proofs {
		entry, keyHash, err := entryOf(p)
		if err != nil {
			return nil, fmt.Errorf("inner proof %d (%s): %w", i, p.Circuit, err)
		}
		c.Entries[i] = entry
		keyHashes[i] = keyHash.Bytes()
		inputs[i] = p.Input
	}
	for i := len(proofs); i < k; i++ {
		c.Entries[i] = c.Entries[0]
		c.Entries[i].Used = 0
	}
	pi, err := PublicInput(k, keyHashes, inputs)
	if err != nil {
		return nil, err
	}
	c.PublicInput = new(big.Int).SetBytes(pi[:])
	return c, nil
}

func entryOf(p InnerProof) (Entry, fr.Element, error) {
	keys, err := prover.LoadedKeys(p.Circuit)
	if err != nil {
		return Entry{}, fr.Element{}, err
	}
	if keys.NbPublicInputs() != innerPublicInputs || keys.NbCommitments() != innerCommitments {
		return Entry{}, fr.Element{}, fmt.Errorf("circuit %s has %d public inputs and %d commitments; an inner circuit has %d and %d",
			p.Circuit, keys.NbPublicInputs(), keys.NbCommitments(), innerPublicInputs, innerCommitments)
	}
	claim := prover.Proof{Solidity: p.Proof, PublicInputs: [][32]byte{p.Input}}
	if err := prover.VerifyFor(keys, claim, prover.TargetAggregation); err != nil {
		return Entry{}, fr.Element{}, err
	}
	native, err := prover.DecodeProof(p.Proof, innerCommitments)
	if err != nil {
		return Entry{}, fr.Element{}, err
	}
	var e Entry
	if e.Key, err = stdgroth16.ValueOfVerifyingKey[sw_bn254.G1Affine, sw_bn254.G2Affine, sw_bn254.GTEl](keys.VerifyingKey()); err != nil {
		return Entry{}, fr.Element{}, err
	}
	if e.Proof, err = stdgroth16.ValueOfProof[sw_bn254.G1Affine, sw_bn254.G2Affine](native); err != nil {
		return Entry{}, fr.Element{}, err
	}
	e.Input.Public = []emulated.Element[sw_bn254.ScalarField]{emulated.ValueOf[sw_bn254.ScalarField](new(big.Int).SetBytes(p.Input[:]))}
	e.Used = 1
	keyHash, err := keys.KeyHash()
	if err != nil {
		return Entry{}, fr.Element{}, err
	}
	return e, keyHash, nil
}

// PublicInput is the aggregation's public input (docs/spec/aggregation.md
// §3): Keccak-256 of, for each of the k entries, keyHash ‖ input for the used
// ones, then 64 zero bytes for each unused one, top three bits cleared.
func PublicInput(k int, keyHashes, inputs [][32]byte) ([32]byte, error) {
	if len(keyHashes) != len(inputs) || len(inputs) == 0 || len(inputs) > k {
		return [32]byte{}, fmt.Errorf("aggregation public input: %d key hashes and %d inputs for fan-in %d", len(keyHashes), len(inputs), k)
	}
	msg := make([]byte, 64*k)
	for i := range inputs {
		copy(msg[64*i:], keyHashes[i][:])
		copy(msg[64*i+32:], inputs[i][:])
	}
	pi := auth.Keccak256(msg)
	pi[0] &= 0x1f
	return pi, nil
}

var _ frontend.Circuit = (*Circuit)(nil)
