package main

/*
#include <stdint.h>
#include <stdlib.h>
#include "ksp.h"
*/
import "C"

import (
	"bytes"
	"errors"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"

	"github.com/consensys/gnark/logger"

	"github.com/keystore-rollup/keystore-circuits/prover"
	// Every circuit the library can prove, registered by its init.
	_ "github.com/keystore-rollup/keystore-circuits/prover/registered"
)

func init() {
	// gnark logs to stdout with zerolog, which would land in the JVM's
	// stdout; the phases reach Java through the progress callback instead.
	logger.Disable()
}

// statusProofRejected: ksp_verify on a well-formed proof that does not verify.
const statusProofRejected C.int32_t = 3

// Loaded circuits, by handle. Handles are counters, never pointers: a freed
// or forged handle is an error, never a use after free, and a proof running
// while its handle is freed finishes on the keys it holds.
var (
	circuitsMu sync.RWMutex
	circuits   = map[int64]*prover.Keys{}
	nextHandle atomic.Int64
)

func keysOf(handle C.int64_t) (*prover.Keys, error) {
	circuitsMu.RLock()
	defer circuitsMu.RUnlock()
	k, ok := circuits[int64(handle)]
	if !ok {
		return nil, invalid("unknown or freed circuit handle %d", int64(handle))
	}
	return k, nil
}

var (
	progressMu sync.RWMutex
	progressFn C.ksp_progress_fn
)

// ksp_set_progress_callback registers the function that receives every
// phase of every load and prove (NULL to stop). The caller keeps it alive.
//
//export ksp_set_progress_callback
func ksp_set_progress_callback(fn C.ksp_progress_fn) {
	progressMu.Lock()
	defer progressMu.Unlock()
	progressFn = fn
}

// progress returns a Logger forwarding to the callback, on the calling thread.
func progress(circuit string) prover.Logger {
	return func(phase string, elapsed time.Duration) {
		progressMu.RLock()
		fn := progressFn
		progressMu.RUnlock()
		if fn == nil {
			return
		}
		cCircuit, cPhase := C.CString(circuit), C.CString(phase)
		defer C.free(unsafe.Pointer(cCircuit))
		defer C.free(unsafe.Pointer(cPhase))
		C.ksp_call_progress(fn, cCircuit, cPhase, C.double(float64(elapsed.Microseconds())/1000))
	}
}

// ksp_circuit_load compiles the registered circuit called name and loads its
// keys from cache_dir (NULL or "" for the default), running the development
// setup when they are not cached. On success *handle_out is a new handle, to
// release with ksp_circuit_free.
//
//export ksp_circuit_load
func ksp_circuit_load(name *C.char, cacheDir *C.char, handleOut *C.int64_t, errOut **C.char) C.int32_t {
	return call(errOut, func() error {
		if name == nil || handleOut == nil {
			return invalid("name and handle_out must not be NULL")
		}
		circuitName := C.GoString(name)
		c, err := prover.Lookup(circuitName)
		if err != nil {
			return invalid("%v", err)
		}
		dir := ""
		if cacheDir != nil {
			dir = C.GoString(cacheDir)
		}
		k, err := prover.LoadOrSetup(c, dir, progress(circuitName))
		if err != nil {
			return err
		}
		handle := nextHandle.Add(1)
		circuitsMu.Lock()
		circuits[handle] = k
		circuitsMu.Unlock()
		*handleOut = C.int64_t(handle)
		return nil
	})
}

// ksp_circuit_free releases a handle. Freeing an unknown handle is an error.
//
//export ksp_circuit_free
func ksp_circuit_free(handle C.int64_t, errOut **C.char) C.int32_t {
	return call(errOut, func() error {
		circuitsMu.Lock()
		defer circuitsMu.Unlock()
		if _, ok := circuits[int64(handle)]; !ok {
			return invalid("unknown or freed circuit handle %d", int64(handle))
		}
		delete(circuits, int64(handle))
		return nil
	})
}

// ksp_circuit_info writes four numbers into info[0..3]: public inputs,
// proof bytes (the Solidity form), R1CS constraints, BSB22 commitments.
//
//export ksp_circuit_info
func ksp_circuit_info(handle C.int64_t, info *C.int64_t, errOut **C.char) C.int32_t {
	return call(errOut, func() error {
		if info == nil {
			return invalid("info must not be NULL")
		}
		k, err := keysOf(handle)
		if err != nil {
			return err
		}
		out := unsafe.Slice((*int64)(unsafe.Pointer(info)), 4)
		out[0], out[1], out[2], out[3] = int64(k.NbPublicInputs()), int64(k.ProofSize()), int64(k.NbConstraints()), int64(k.NbCommitments())
		return nil
	})
}

// proofTarget reads the target argument of ksp_prove and ksp_verify: 0 for
// the L1 (Solidity) verifier, 1 for the aggregation circuit's verifier.
func proofTarget(target C.int32_t) (prover.Target, error) {
	switch int32(target) {
	case int32(prover.TargetL1):
		return prover.TargetL1, nil
	case int32(prover.TargetAggregation):
		return prover.TargetAggregation, nil
	default:
		return 0, invalid("unknown proof target %d (0 L1, 1 aggregation)", int32(target))
	}
}

// ksp_prove proves the circuit for the witness bytes (the circuit's own
// layout), for the verifier target names (0 L1, 1 aggregation). On success
// *proof_out holds *proof_len bytes (the Solidity verifier's proof argument)
// and *public_out holds *public_len bytes (the public inputs, 32 bytes each),
// both allocated by the library and freed by the caller with ksp_free; and,
// when memory_out is not NULL, memory_out[0] is the highest Go heap in use
// (HeapInuse) sampled during the proof and memory_out[1] the process's peak
// resident set size (VmHWM) at its end, in bytes. A malformed or
// unsatisfying witness, or an unknown target, is INVALID_INPUT.
//
//export ksp_prove
func ksp_prove(handle C.int64_t, target C.int32_t, witness *C.uint8_t, witnessLen C.int64_t,
	proofOut **C.uint8_t, proofLen *C.int64_t, publicOut **C.uint8_t, publicLen *C.int64_t,
	memoryOut *C.int64_t, errOut **C.char) C.int32_t {
	return call(errOut, func() error {
		if proofOut == nil || proofLen == nil || publicOut == nil || publicLen == nil {
			return invalid("output pointers must not be NULL")
		}
		t, err := proofTarget(target)
		if err != nil {
			return err
		}
		k, err := keysOf(handle)
		if err != nil {
			return err
		}
		stop := sampleMemory()
		proof, err := prover.ProveFor(k, goBytes(witness, witnessLen), t, progress(k.Circuit().Name()))
		memory := stop()
		if err != nil {
			if errors.Is(err, prover.ErrInvalidWitness) {
				return invalid("%v", err)
			}
			return err
		}
		public := make([]byte, 0, 32*len(proof.PublicInputs))
		for i := range proof.PublicInputs {
			public = append(public, proof.PublicInputs[i][:]...)
		}
		if memoryOut != nil {
			out := unsafe.Slice((*int64)(unsafe.Pointer(memoryOut)), 2)
			out[0], out[1] = int64(memory.heapPeak), int64(memory.rssPeak)
		}
		*proofOut, *proofLen = cBytes(proof.Solidity)
		*publicOut, *publicLen = cBytes(public)
		return nil
	})
}

// ksp_solve checks that the witness bytes satisfy the circuit, without
// proving (a fraction of a proof's time): OK when they do, INVALID_INPUT with
// the reason when they are malformed or break a constraint.
//
//export ksp_solve
func ksp_solve(handle C.int64_t, witness *C.uint8_t, witnessLen C.int64_t, errOut **C.char) C.int32_t {
	return call(errOut, func() error {
		k, err := keysOf(handle)
		if err != nil {
			return err
		}
		if _, err := prover.Solve(k, goBytes(witness, witnessLen)); err != nil {
			return invalid("%v", err)
		}
		return nil
	})
}

// ksp_verify verifies a proof made for target (0 L1: as the Solidity verifier
// does; 1 aggregation: as the aggregation circuit does): OK when it holds,
// PROOF_REJECTED (3) when it does not, INVALID_INPUT for wrong sizes or an
// unknown target.
//
//export ksp_verify
func ksp_verify(handle C.int64_t, target C.int32_t, proof *C.uint8_t, proofLen C.int64_t, public *C.uint8_t, publicLen C.int64_t, errOut **C.char) (status C.int32_t) {
	rejected := false
	status = call(errOut, func() error {
		t, err := proofTarget(target)
		if err != nil {
			return err
		}
		k, err := keysOf(handle)
		if err != nil {
			return err
		}
		inputs := goBytes(public, publicLen)
		if len(inputs)%32 != 0 {
			return invalid("public inputs must be a multiple of 32 bytes, got %d", len(inputs))
		}
		p := prover.Proof{Solidity: goBytes(proof, proofLen), PublicInputs: make([][32]byte, len(inputs)/32)}
		for i := range p.PublicInputs {
			copy(p.PublicInputs[i][:], inputs[32*i:])
		}
		err = prover.VerifyFor(k, p, t)
		switch {
		case errors.Is(err, prover.ErrInvalidProof):
			return invalid("%v", err)
		case errors.Is(err, prover.ErrProofRejected):
			rejected = true
		}
		return err
	})
	if rejected {
		return statusProofRejected
	}
	return status
}

// ksp_circuit_key_hash writes the hash of the circuit's verifying key
// (docs/spec/aggregation.md §2; KEY_HASH of its exported verifier) into out,
// 32 bytes big-endian; out_len must be 32.
//
//export ksp_circuit_key_hash
func ksp_circuit_key_hash(handle C.int64_t, out *C.uint8_t, outLen C.int64_t, errOut **C.char) C.int32_t {
	return call(errOut, func() error {
		output := goBytes(out, outLen)
		if len(output) != 32 {
			return invalid("out must be 32 bytes, got %d", len(output))
		}
		k, err := keysOf(handle)
		if err != nil {
			return err
		}
		hash, err := k.KeyHash()
		if err != nil {
			return err
		}
		b := hash.Bytes()
		copy(output, b[:])
		return nil
	})
}

// ksp_export_solidity writes the circuit's Solidity verifier, with the
// contract named contract_name, into *source_out: a NUL-terminated string the
// caller frees with ksp_free.
//
//export ksp_export_solidity
func ksp_export_solidity(handle C.int64_t, contractName *C.char, sourceOut **C.char, errOut **C.char) C.int32_t {
	return call(errOut, func() error {
		if contractName == nil || sourceOut == nil {
			return invalid("contract_name and source_out must not be NULL")
		}
		k, err := keysOf(handle)
		if err != nil {
			return err
		}
		var src bytes.Buffer
		if err := prover.ExportSolidity(k, &src, C.GoString(contractName)); err != nil {
			return invalid("%v", err)
		}
		outstanding.Add(1)
		*sourceOut = C.CString(src.String())
		return nil
	})
}

// cBytes copies b into a malloc'ed buffer the caller frees with ksp_free.
func cBytes(b []byte) (*C.uint8_t, C.int64_t) {
	ptr := C.malloc(C.size_t(max(len(b), 1)))
	copy(unsafe.Slice((*byte)(ptr), len(b)), b)
	outstanding.Add(1)
	return (*C.uint8_t)(ptr), C.int64_t(len(b))
}

func liveCircuits() int64 {
	circuitsMu.RLock()
	defer circuitsMu.RUnlock()
	return int64(len(circuits))
}
