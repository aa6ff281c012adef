// Declarations shared by the cgo files of the native prover.
#ifndef KSP_H
#define KSP_H
#include <stdint.h>

// Progress callback: the circuit, the phase that just ended, and how long it
// took in milliseconds. Called on the thread that made the library call; the
// strings are valid only during the callback.
typedef void (*ksp_progress_fn)(const char *circuit, const char *phase, double elapsed_ms);

static inline void ksp_call_progress(ksp_progress_fn fn, const char *circuit, const char *phase, double elapsed_ms) {
	if (fn != 0) {
		fn(circuit, phase, elapsed_ms);
	}
}
#endif
