#!/usr/bin/env bash
# Writes (no argument) or checks (--check) the gas snapshot .gas-snapshot, as l1-contracts does.
# Left out: the fuzz tests (testFuzz_*), whose gas depends on where each random input is refused
# and whose inputs differ between machines even under the fixed seed (forge's dictionary). The
# figures of the fallback P-256 verifier depend on the digest signed, so on the code of the
# account (its address is in the user operation's hash): they move with any change of
# KeystoreAccount, which is what a snapshot should show.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
args=(snapshot --no-match-test 'testFuzz_')
if [ "${1:-}" = --check ]; then
  args+=(--check --tolerance 1)
fi
exec "$here/../../tools/foundry/forge.sh" "$here" "${args[@]}"
