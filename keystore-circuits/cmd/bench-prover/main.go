// Command bench-prover measures the prover on one registered circuit and
// prints JSON lines for ./bench:
//
//	{"metric": "<prefix>constraints<suffix>", "value": <n>, "unit": "constraints"}
//	{"metric": "<prefix>compile_seconds<suffix>", ...}
//	{"metric": "<prefix>setup_seconds<suffix>", ...}      the development setup, in a fresh cache
//	{"metric": "<prefix>load_seconds<suffix>", ...}       loading the cached keys
//	{"metric": "<prefix>prove_seconds<suffix>", ...}      median of -proofs proofs (solve included)
//	{"metric": "<prefix>solve_seconds<suffix>", ...}      the witness solve alone, median
//	{"metric": "<prefix>verify_ms<suffix>", ...}
//	{"metric": "<prefix>prove_peak_rss_mb<suffix>", ...}  VmHWM of /proc/self/status
//	{"metric": "<prefix>proof_bytes<suffix>", ...}
//
// The peak RSS is the process's high-water mark (VmHWM) read after the
// proofs, with the mark reset (/proc/self/clear_refs, "5") just before them,
// so it covers proving and not the setup; where the reset is refused it is
// the high-water mark of the whole run, and the unit says "MB (whole run)".
//
// The witness comes from -witness (a file of the circuit's witness bytes), from
// -vector (a batch of test-vectors/batch-witness-v1.json, built by the Java
// reference), from -leaves for an aggregation circuit (batches of that file
// proven for aggregation), or, for test-poseidon2, is made up. -proof-out writes the last
// proof as JSON ({"calldata": "0x…", "publicInputs": ["0x…"]}), for measuring
// the verifier's gas on an EVM; -compile-only stops after the constraint count.
package main

import (
	"bufio"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"math/big"
	"os"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/consensys/gnark-crypto/ecc"
	"github.com/consensys/gnark/frontend"
	"github.com/consensys/gnark/frontend/cs/r1cs"
	"github.com/consensys/gnark/logger"

	"github.com/keystore-rollup/keystore-circuits/aggregation"
	"github.com/keystore-rollup/keystore-circuits/internal/vectors"
	"github.com/keystore-rollup/keystore-circuits/prover"
	_ "github.com/keystore-rollup/keystore-circuits/prover/registered"
	"github.com/keystore-rollup/keystore-circuits/prover/testcircuit"
)

func main() {
	name := flag.String("circuit", testcircuit.Name, fmt.Sprintf("registered circuit name, one of %v", prover.Names()))
	witnessFile := flag.String("witness", "", "file with the circuit's witness bytes (test-poseidon2 makes one up)")
	prefix := flag.String("prefix", "", "metric name prefix")
	suffix := flag.String("suffix", "", "metric name suffix, e.g. _batch4")
	proofs := flag.Int("proofs", 5, "proofs to time (median)")
	cacheDir := flag.String("cache", "", "key cache root; empty: a fresh temporary one, so the setup is measured")
	vector := flag.String("vector", "", "name of a batch in test-vectors/batch-witness-v1.json or batch-witness-passkeys-v1.json to use as the witness")
	proofOut := flag.String("proof-out", "", "write the last proof to this JSON file")
	compileOnly := flag.Bool("compile-only", false, "only compile and count the constraints")
	leaves := flag.String("leaves", "", "for an aggregation circuit: its inner proofs, circuit:vector,... "+
		"(e.g. batch-1:update-creates-account,batch-1:approve-proposes-recovery), proven for aggregation with the keys of -leaf-cache")
	leafCache := flag.String("leaf-cache", "", "key cache of the -leaves circuits (default: $KEYSTORE_CACHE or ~/.cache/keystore-rollup)")
	flag.Parse()
	if *compileOnly {
		if err := countOnly(*name, *prefix, *suffix); err != nil {
			fmt.Fprintln(os.Stderr, "bench-prover:", err)
			os.Exit(1)
		}
		return
	}
	if *leaves != "" {
		path, err := writeAggregationWitness(*leaves, *leafCache)
		if err != nil {
			fmt.Fprintln(os.Stderr, "bench-prover:", err)
			os.Exit(1)
		}
		defer os.Remove(path)
		*witnessFile = path
	}
	if *vector != "" {
		path, err := writeVectorWitness(*vector)
		if err != nil {
			fmt.Fprintln(os.Stderr, "bench-prover:", err)
			os.Exit(1)
		}
		defer os.Remove(path)
		*witnessFile = path
	}
	if err := run(*name, *witnessFile, *prefix, *suffix, *proofs, *cacheDir, *proofOut); err != nil {
		fmt.Fprintln(os.Stderr, "bench-prover:", err)
		os.Exit(1)
	}
}

func emitter(prefix, suffix string) func(metric string, value float64, unit string) {
	return func(metric string, value float64, unit string) {
		name, _ := json.Marshal(prefix + metric + suffix)
		unitJSON, _ := json.Marshal(unit)
		formatted := strconv.FormatFloat(value, 'g', 6, 64)
		if value == float64(int64(value)) {
			formatted = strconv.FormatInt(int64(value), 10)
		}
		fmt.Printf("{\"metric\": %s, \"value\": %s, \"unit\": %s}\n", name, formatted, unitJSON)
	}
}

// countOnly compiles the circuit and prints its constraint count.
func countOnly(name, prefix, suffix string) error {
	logger.Disable()
	c, err := prover.Lookup(name)
	if err != nil {
		return err
	}
	start := time.Now()
	cs, err := frontend.Compile(ecc.BN254.ScalarField(), r1cs.NewBuilder, c.Definition())
	if err != nil {
		return err
	}
	emit := emitter(prefix, suffix)
	emit("constraints", float64(cs.GetNbConstraints()), "constraints")
	emit("compile_seconds", time.Since(start).Seconds(), "s")
	return nil
}

// writeAggregationWitness proves each leaf (circuit:vector) for aggregation
// and writes the aggregation witness of their proofs to a temporary file.
func writeAggregationWitness(spec, leafCache string) (string, error) {
	var inner []aggregation.InnerProof
	for _, leaf := range strings.Split(spec, ",") {
		name, vector, ok := strings.Cut(leaf, ":")
		if !ok {
			return "", fmt.Errorf("leaf %q: want circuit:vector", leaf)
		}
		c, err := prover.Lookup(name)
		if err != nil {
			return "", err
		}
		keys, err := prover.LoadOrSetup(c, leafCache, nil)
		if err != nil {
			return "", err
		}
		path, err := writeVectorWitness(vector)
		if err != nil {
			return "", err
		}
		witness, err := os.ReadFile(path)
		os.Remove(path)
		if err != nil {
			return "", err
		}
		proof, err := prover.ProveFor(keys, witness, prover.TargetAggregation, nil)
		if err != nil {
			return "", fmt.Errorf("leaf %s: %w", leaf, err)
		}
		inner = append(inner, aggregation.InnerProof{Circuit: name, Proof: proof.Solidity, Input: proof.PublicInputs[0]})
	}
	witness, err := aggregation.EncodeWitness(inner)
	if err != nil {
		return "", err
	}
	f, err := os.CreateTemp("", "bench-aggregation-witness-")
	if err != nil {
		return "", err
	}
	defer f.Close()
	_, err = f.Write(witness)
	return f.Name(), err
}

// writeVectorWitness writes the witness of a batch of batch-witness-v1.json
// (or, for the passkey circuits, batch-witness-passkeys-v1.json) to a
// temporary file.
func writeVectorWitness(name string) (string, error) {
	for _, file := range []string{"batch-witness-v1.json", "batch-witness-passkeys-v1.json"} {
		witness, ok, err := vectorWitness(file, name)
		if err != nil || !ok {
			if err != nil {
				return "", err
			}
			continue
		}
		f, err := os.CreateTemp("", "bench-witness-")
		if err != nil {
			return "", err
		}
		defer f.Close()
		_, err = f.Write(witness)
		return f.Name(), err
	}
	return "", fmt.Errorf("no batch %q in the batch witness vectors", name)
}

// vectorWitness is the witness of the named batch of a vector file, if it has one.
func vectorWitness(file, name string) ([]byte, bool, error) {
	path, err := vectors.Find(file)
	if err != nil {
		return nil, false, err
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, false, err
	}
	var vs struct {
		Batches []struct {
			Name    string `json:"name"`
			Witness string `json:"witness"`
		} `json:"batches"`
	}
	if err := json.Unmarshal(data, &vs); err != nil {
		return nil, false, fmt.Errorf("%s: %w", path, err)
	}
	for _, b := range vs.Batches {
		if b.Name == name {
			witness, err := hex.DecodeString(strings.TrimPrefix(b.Witness, "0x"))
			return witness, err == nil, err
		}
	}
	return nil, false, nil
}

func run(name, witnessFile, prefix, suffix string, proofs int, cacheDir, proofOut string) error {
	logger.Disable()
	emit := emitter(prefix, suffix)
	c, err := prover.Lookup(name)
	if err != nil {
		return err
	}
	witness, err := readWitness(name, witnessFile)
	if err != nil {
		return err
	}
	if cacheDir == "" {
		tmp, err := os.MkdirTemp("", "bench-prover-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(tmp)
		cacheDir = tmp
	}

	phases := map[string]time.Duration{}
	record := func(phase string, elapsed time.Duration) {
		phases[phase] += elapsed
		fmt.Fprintf(os.Stderr, "[bench-prover] %s: %s took %s\n", name, phase, elapsed.Round(time.Millisecond))
	}
	keys, err := prover.LoadOrSetup(c, cacheDir, record)
	if err != nil {
		return err
	}
	emit("constraints", float64(keys.NbConstraints()), "constraints")
	emit("compile_seconds", phases["compile"].Seconds(), "s")
	if d, ok := phases["setup"]; ok {
		emit("setup_seconds", d.Seconds(), "s")
	}
	delete(phases, "load")
	keys = nil // one set of keys in memory at a time (aggregate-2's take gigabytes)
	runtime.GC()
	if keys, err = prover.LoadOrSetup(c, cacheDir, record); err != nil {
		return err
	}
	emit("load_seconds", phases["load"].Seconds(), "s")

	solve, err := timeSolve(keys, witness)
	if err != nil {
		return err
	}
	runtime.GC()
	resetPeak := os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) == nil
	var proveTimes []time.Duration
	var proof prover.Proof
	for i := 0; i < max(proofs, 1); i++ {
		start := time.Now()
		proof, err = prover.Prove(keys, witness, nil)
		if err != nil {
			return err
		}
		proveTimes = append(proveTimes, time.Since(start))
	}
	peak, err := vmHWM()
	if err != nil {
		return err
	}
	start := time.Now()
	if err := prover.Verify(keys, proof); err != nil {
		return err
	}
	verify := time.Since(start)

	emit("prove_seconds", median(proveTimes).Seconds(), "s")
	emit("solve_seconds", solve.Seconds(), "s")
	emit("verify_ms", float64(verify.Microseconds())/1000, "ms")
	unit := "MB"
	if !resetPeak {
		unit = "MB (whole run)"
	}
	emit("prove_peak_rss_mb", float64(peak)/1024, unit)
	emit("proof_bytes", float64(len(proof.Solidity)), "bytes")
	if proofOut != "" {
		return writeProof(proofOut, proof)
	}
	return nil
}

func writeProof(path string, proof prover.Proof) error {
	out := struct {
		Calldata     string   `json:"calldata"`
		PublicInputs []string `json:"publicInputs"`
	}{Calldata: "0x" + hex.EncodeToString(proof.Solidity)}
	for _, in := range proof.PublicInputs {
		out.PublicInputs = append(out.PublicInputs, "0x"+hex.EncodeToString(in[:]))
	}
	data, err := json.MarshalIndent(out, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, data, 0o644)
}

// timeSolve times the witness solve alone (prover.Prove includes it).
func timeSolve(keys *prover.Keys, witness []byte) (time.Duration, error) {
	var times []time.Duration
	for i := 0; i < 3; i++ {
		d, err := prover.Solve(keys, witness)
		if err != nil {
			return 0, err
		}
		times = append(times, d)
	}
	return median(times), nil
}

func readWitness(name, file string) ([]byte, error) {
	if file != "" {
		return os.ReadFile(file)
	}
	if name != testcircuit.Name {
		return nil, fmt.Errorf("circuit %s needs -witness", name)
	}
	w, _ := testcircuit.Witness(big.NewInt(0xC0FFEE), big.NewInt(0xBEEF))
	return w, nil
}

func median(ds []time.Duration) time.Duration {
	sorted := append([]time.Duration(nil), ds...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i] < sorted[j] })
	return sorted[len(sorted)/2]
}

// vmHWM is the process's peak resident set, in kB.
func vmHWM() (int64, error) {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0, fmt.Errorf("peak RSS needs /proc/self/status: %w", err)
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		if rest, ok := strings.CutPrefix(s.Text(), "VmHWM:"); ok {
			return strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
		}
	}
	return 0, fmt.Errorf("no VmHWM in /proc/self/status")
}
