#!/usr/bin/env bash
# Writes (no argument) or checks (--check) the gas snapshot .gas-snapshot.
# Left out: test_rejectsAChangedProof, whose gas depends on whether the changed byte still
# decodes to a curve point (a failing precompile call consumes all the gas it is given), which
# varies with the proof's randomness; the fuzz tests (testFuzz_*), whose gas depends on where each
# random input is refused and whose inputs differ between machines even under the fixed seed (forge's
# dictionary: one test's median was 159,599 here and 176,239 there); the invariant tests, which have
# no gas figure (and which forge's --check with a tolerance misreads); and test/bench/, the harnesses
# ./bench runs.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
args=(snapshot --no-match-test 'test_rejectsAChangedProof|testFuzz_|invariant_' --no-match-path 'test/bench/*')
if [ "${1:-}" = --check ]; then
  args+=(--check --tolerance 1)
fi
exec "$here/../tools/foundry/forge.sh" "$here" "${args[@]}"
