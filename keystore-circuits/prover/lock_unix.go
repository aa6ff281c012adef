//go:build unix

package prover

import (
	"fmt"
	"os"
	"path/filepath"
	"syscall"
)

// lockSetup takes an exclusive lock (flock) on <dir>.lock, waiting for
// another process's setup of the same keys to end; unlock releases it. The
// lock file stays (an empty file); the kernel drops the lock if the process
// dies.
func lockSetup(dir string) (unlock func(), err error) {
	if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(dir+".lock", os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		fmt.Fprintf(os.Stderr, "prover: another process is setting up %s; waiting for it\n", filepath.Base(dir))
		if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
			f.Close()
			return nil, err
		}
	}
	return func() {
		_ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		f.Close()
	}, nil
}
