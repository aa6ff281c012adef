package main

import (
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"
)

// memorySampleInterval is how often a job samples the Go heap while it runs.
const memorySampleInterval = 100 * time.Millisecond

// jobMemory is what ksp_prove reports about memory for one proof.
type jobMemory struct {
	// heapPeak is the highest runtime.MemStats.HeapInuse sampled while the
	// job ran (every memorySampleInterval, and at its end), in bytes. The
	// heap is the process's: proofs running at the same time share it.
	heapPeak uint64
	// rssPeak is the process's peak resident set size (VmHWM of
	// /proc/self/status) when the job ended, in bytes: JVM and Go together,
	// since the process started; 0 where /proc is not available.
	rssPeak uint64
}

// sampleMemory starts sampling the Go heap; the returned function stops and
// reports.
func sampleMemory() func() jobMemory {
	var (
		mu   sync.Mutex
		peak uint64
	)
	sample := func() {
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		mu.Lock()
		peak = max(peak, m.HeapInuse)
		mu.Unlock()
	}
	sample()
	done := make(chan struct{})
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		ticker := time.NewTicker(memorySampleInterval)
		defer ticker.Stop()
		for {
			select {
			case <-done:
				return
			case <-ticker.C:
				sample()
			}
		}
	}()
	return func() jobMemory {
		close(done)
		<-stopped
		sample()
		mu.Lock()
		defer mu.Unlock()
		return jobMemory{heapPeak: peak, rssPeak: peakRSS()}
	}
}

// peakRSS reads VmHWM from /proc/self/status, in bytes; 0 when unavailable.
func peakRSS() uint64 {
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(status), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			fields := strings.Fields(rest) // "123456 kB"
			if len(fields) == 2 && fields[1] == "kB" {
				if kb, err := strconv.ParseUint(fields[0], 10, 64); err == nil {
					return kb * 1024
				}
			}
			return 0
		}
	}
	return 0
}
