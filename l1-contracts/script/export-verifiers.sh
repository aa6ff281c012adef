#!/usr/bin/env bash
# Exports gnark's Solidity verifier of each batch-circuit size, and of the aggregation circuit,
# into src/generated/ (BatchNVerifier.sol, contract BatchNVerifier; Aggregate2Verifier.sol for
# aggregate-2), from the keys in the key cache (${KEYSTORE_CACHE:-~/.cache/keystore-rollup}; the
# development setup runs when they are missing: about 3 minutes on 2 cores for aggregate-2).
# Every exported verifier carries KEY_HASH (docs/spec/aggregation.md §2). Generated, never
# edited by hand, never committed.
#
#   export-verifiers.sh [circuits]   comma-separated batch circuits (a size for secp256k1, N-p256,
#                                     N-webauthn: proof.md §9) and aggregation circuits, default
#                                     "1,aggregate-2"; e.g. "1,4" or "1-webauthn"
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
circuits=${1:-1,aggregate-2}
go=${GO:-go}
out_dir="$root/l1-contracts/src/generated"
mkdir -p "$out_dir"
cache=${KEYSTORE_CACHE:-$HOME/.cache/keystore-rollup}
# What a verifier depends on: the circuits' Go sources and modules (their hash names the keys'
# directory) and the manifests of the circuit's keys. Unchanged: the export (which compiles the
# circuit, about a minute for aggregate-2) is skipped.
sources=$(cd "$root/keystore-circuits" && find . \( -name '*.go' -o -name go.mod -o -name go.sum \) \
  -not -path './cmd/*' -print0 | sort -z | xargs -0 sha256sum | sha256sum | cut -d' ' -f1)
for entry in ${circuits//,/ }; do
  case "$entry" in
    aggregate-[0-9]*) circuit=$entry; contract="Aggregate${entry#aggregate-}Verifier" ;;
    [0-9]*-p256) circuit="batch-$entry"; contract="Batch${entry%-p256}P256Verifier" ;;
    [0-9]*-webauthn) circuit="batch-$entry"; contract="Batch${entry%-webauthn}WebAuthnVerifier" ;;
    [0-9]*) circuit="batch-$entry"; contract="Batch${entry}Verifier" ;;
    *) echo "error: '$entry' is neither a batch circuit (N, N-p256, N-webauthn) nor aggregate-K" >&2; exit 2 ;;
  esac
  stamp_file="$out_dir/.$contract.stamp"
  stamp="$sources $({ cat "$cache"/keys/"$circuit"-*/manifest.json 2>/dev/null || true; } | sha256sum | cut -d' ' -f1)"
  if [ -f "$out_dir/$contract.sol" ] && [ "$(cat "$stamp_file" 2>/dev/null)" = "$stamp" ]; then
    echo "[l1-contracts] $contract.sol up to date (same circuits and keys)"
    continue
  fi
  tmp=$(mktemp)
  (cd "$root/keystore-circuits" && "$go" run ./cmd/export-verifier -circuit "$circuit" -contract "$contract" -out "$tmp")
  # Rewrite only on change, so that forge's cache stays valid.
  if ! cmp -s "$tmp" "$out_dir/$contract.sol"; then
    mv "$tmp" "$out_dir/$contract.sol"
    echo "[l1-contracts] exported $contract.sol"
  else
    rm -f "$tmp"
    echo "[l1-contracts] $contract.sol up to date"
  fi
  # the manifests as they are after the export (a first export runs the setup)
  echo "$sources $(cat "$cache"/keys/"$circuit"-*/manifest.json 2>/dev/null | sha256sum | cut -d' ' -f1)" > "$stamp_file"
done
