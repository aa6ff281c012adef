#!/usr/bin/env bash
# Exports gnark's Solidity verifier of each batch-circuit size into src/generated/
# (BatchNVerifier.sol, contract BatchNVerifier), from the keys in the key cache
# (${KEYSTORE_CACHE:-~/.cache/keystore-rollup}; the development setup runs when they
# are missing). Generated, never edited by hand, never committed.
#
#   export-verifiers.sh [sizes]     sizes: comma-separated, default "1" (the build's)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
sizes=${1:-1}
go=${GO:-go}
out_dir="$root/l1-contracts/src/generated"
mkdir -p "$out_dir"
for size in ${sizes//,/ }; do
  contract="Batch${size}Verifier"
  tmp=$(mktemp)
  (cd "$root/keystore-circuits" && "$go" run ./cmd/export-verifier -circuit "batch-$size" -contract "$contract" -out "$tmp")
  # Rewrite only on change, so that forge's cache stays valid.
  if ! cmp -s "$tmp" "$out_dir/$contract.sol"; then
    mv "$tmp" "$out_dir/$contract.sol"
    echo "[l1-contracts] exported $contract.sol"
  else
    rm -f "$tmp"
    echo "[l1-contracts] $contract.sol up to date"
  fi
done
