package prover

import (
	"fmt"
	"sort"
	"sync"

	"github.com/consensys/gnark/frontend"
)

// Circuit is a circuit the prover can set up keys for and prove. Circuits
// register themselves (usually from an init function) so that the native
// library and the commands find them by name.
type Circuit interface {
	// Name identifies the circuit and its shape, e.g. "batch-4". It names the
	// key cache directory, so it must be a plain file-name fragment.
	Name() string
	// Definition returns the circuit with every slice shape set, for compiling.
	Definition() frontend.Circuit
	// Assign decodes the circuit's own witness bytes into a full assignment
	// (public and secret). Errors mean the bytes are malformed; they should
	// wrap ErrInvalidWitness.
	Assign(witness []byte) (frontend.Circuit, error)
}

var (
	registryMu sync.RWMutex
	registry   = map[string]Circuit{}
)

// Register adds c to the registry. It panics on an empty or duplicate name:
// both are programming errors, found at start-up.
func Register(c Circuit) {
	registryMu.Lock()
	defer registryMu.Unlock()
	name := c.Name()
	if !validName(name) {
		panic(fmt.Sprintf("prover: invalid circuit name %q", name))
	}
	if _, dup := registry[name]; dup {
		panic(fmt.Sprintf("prover: circuit %q registered twice", name))
	}
	registry[name] = c
}

// Lookup returns the registered circuit called name.
func Lookup(name string) (Circuit, error) {
	registryMu.RLock()
	defer registryMu.RUnlock()
	c, ok := registry[name]
	if !ok {
		return nil, fmt.Errorf("%w: %q (registered: %v)", ErrUnknownCircuit, name, namesLocked())
	}
	return c, nil
}

// Names lists the registered circuits, sorted.
func Names() []string {
	registryMu.RLock()
	defer registryMu.RUnlock()
	return namesLocked()
}

func namesLocked() []string {
	names := make([]string, 0, len(registry))
	for name := range registry {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}

func validName(name string) bool {
	if name == "" || len(name) > 64 {
		return false
	}
	for _, r := range name {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == '.') {
			return false
		}
	}
	return name[0] != '.'
}
