package main

/*
#include <stdint.h>
#include <stdlib.h>
*/
import "C"

import (
	"errors"
	"fmt"
	"runtime"
	"sync/atomic"
	"unsafe"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"

	"github.com/keystore-rollup/keystore-circuits/hashing"
)

// Status codes shared with the Java side (NativeStatus).
const (
	statusOK           C.int32_t = 0
	statusInvalidInput C.int32_t = 1
	statusPanic        C.int32_t = 2
)

var errInvalid = errors.New("invalid input")

// call runs fn, converting an error or a panic into a status code and an
// error string for the caller.
func call(errOut **C.char, fn func() error) (status C.int32_t) {
	defer func() {
		if r := recover(); r != nil {
			status = statusPanic
			setError(errOut, fmt.Sprintf("panic in native prover: %v", r))
		}
	}()
	if err := fn(); err != nil {
		setError(errOut, err.Error())
		if errors.Is(err, errInvalid) {
			return statusInvalidInput
		}
		return statusPanic
	}
	return statusOK
}

// outstanding counts the C allocations handed to the caller and not yet
// returned through ksp_free: the memory-ownership tests expect it back at 0.
var outstanding atomic.Int64

func setError(errOut **C.char, msg string) {
	if errOut != nil {
		outstanding.Add(1)
		*errOut = C.CString(msg)
	}
}

// goBytes views a C buffer as a Go slice without copying; valid during the call.
func goBytes(ptr *C.uint8_t, n C.int64_t) []byte {
	if ptr == nil || n <= 0 {
		return nil
	}
	return unsafe.Slice((*byte)(unsafe.Pointer(ptr)), int(n))
}

func invalid(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{errInvalid}, args...)...)
}

// ksp_free releases memory the library allocated for the caller (error
// strings, proofs, public inputs, Solidity sources). It accepts NULL.
//
//export ksp_free
func ksp_free(ptr unsafe.Pointer) {
	if ptr != nil {
		outstanding.Add(-1)
		C.free(ptr)
	}
}

// ksp_memory_stats writes three counters into stats[0..2]: the C allocations
// handed out and not yet freed, the bytes of live Go heap after a full
// garbage collection, and the circuit handles loaded and not yet freed. For
// leak tests; it runs a GC, so it is slow.
//
//export ksp_memory_stats
func ksp_memory_stats(stats *C.int64_t, errOut **C.char) C.int32_t {
	return call(errOut, func() error {
		if stats == nil {
			return invalid("stats must not be NULL")
		}
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		out := unsafe.Slice((*int64)(unsafe.Pointer(stats)), 3)
		out[0] = outstanding.Load()
		out[1] = int64(m.HeapAlloc)
		out[2] = liveCircuits()
		return nil
	})
}

//export ksp_abi_version
func ksp_abi_version() C.int32_t {
	return 4
}

// ksp_poseidon2_compress hashes n pairs. in holds 64*n bytes: each pair is
// left||right, 32-byte big-endian canonical field elements. out receives
// 32*n bytes.
//
//export ksp_poseidon2_compress
func ksp_poseidon2_compress(in *C.uint8_t, inLen C.int64_t, out *C.uint8_t, outLen C.int64_t, errOut **C.char) C.int32_t {
	return call(errOut, func() error {
		input, output := goBytes(in, inLen), goBytes(out, outLen)
		if len(input) == 0 || len(input)%64 != 0 {
			return invalid("input must be a non-empty multiple of 64 bytes, got %d", len(input))
		}
		if len(output) != len(input)/2 {
			return invalid("output must be %d bytes for %d pairs, got %d", len(input)/2, len(input)/64, len(output))
		}
		for i := 0; i < len(input)/64; i++ {
			left, err := hashing.FromBytes(input[64*i : 64*i+32])
			if err != nil {
				return invalid("pair %d, left: %v", i, err)
			}
			right, err := hashing.FromBytes(input[64*i+32 : 64*i+64])
			if err != nil {
				return invalid("pair %d, right: %v", i, err)
			}
			digest := hashing.Compress(left, right)
			fr.BigEndian.PutElement((*[32]byte)(output[32*i:32*i+32]), digest)
		}
		return nil
	})
}

// ksp_debug_panic panics inside Go on purpose, so that tests can check that
// a panic comes back as an error and leaves the process alive.
//
//export ksp_debug_panic
func ksp_debug_panic(errOut **C.char) C.int32_t {
	return call(errOut, func() error {
		var m map[string]int
		m["boom"]++ // nil map write: a real runtime panic
		return nil
	})
}

func main() {}
