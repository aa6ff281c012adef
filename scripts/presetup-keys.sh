#!/usr/bin/env bash
# Starts the development setup of the named circuits' keys (the key cache:
# ${KEYSTORE_CACHE:-~/.cache/keystore-rollup}) when they are missing, one after
# the other, so that a long setup runs beside the rest of the build. Whoever
# needs the keys meanwhile waits for them (the prover locks a setup in
# progress). Output: target/presetup-<circuit>.log.
#
#   scripts/presetup-keys.sh aggregate-2 [circuit ...]
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
mkdir -p "$root/target"
cache=${KEYSTORE_CACHE:-$HOME/.cache/keystore-rollup}
for circuit in "$@"; do
  # Keys of some version are there: the build checks and, if they are stale, sets up itself.
  if compgen -G "$cache/keys/$circuit-*/manifest.json" >/dev/null; then
    continue
  fi
  out=$(mktemp)
  (cd "$root/keystore-circuits" && go run ./cmd/export-verifier -circuit "$circuit" -contract Presetup -out "$out") \
    >"$root/target/presetup-$circuit.log" 2>&1 || echo "presetup of $circuit failed: see target/presetup-$circuit.log" >&2
  rm -f "$out"
done
