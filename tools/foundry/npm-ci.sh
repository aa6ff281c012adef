#!/usr/bin/env bash
# Installs the npm Solidity dependencies of a Foundry project (its package-lock.json) into its
# node_modules/, as ensure.sh does for the toolchain: npm-ci.sh <project-dir> [label].
# Idempotent: does nothing when the lockfile has not changed since the last install.
# node_modules/ is never committed.
set -euo pipefail
project=${1:?usage: npm-ci.sh <project-dir> [label]}
label=${2:-$(basename "$project")}
cd "$project"

command -v npm >/dev/null || { echo "error: npm not found; install Node.js 20+ with npm" >&2; exit 1; }
stamp=node_modules/.keystore-lock.sha256
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "[$label] installing the npm dependencies (package-lock.json)" >&2
  # Sources and compiled artifacts only: no install scripts are needed.
  npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >&2
  echo "$want" > "$stamp"
fi
