#!/usr/bin/env bash
# Installs the npm test dependencies of the mini-account contracts (package-lock.json:
# @account-abstraction/contracts 0.7.0, the real EntryPoint v0.7) into node_modules/, as
# tools/foundry/ensure.sh does for the toolchain. Idempotent: does nothing when the lockfile
# has not changed since the last install. node_modules/ is never committed.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$here"

command -v npm >/dev/null || { echo "error: npm not found; install Node.js 20+ with npm" >&2; exit 1; }
stamp=node_modules/.keystore-lock.sha256
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "[mini-account] installing @account-abstraction/contracts from npm (package-lock.json)" >&2
  # Sources and compiled artifacts only: no install scripts are needed.
  npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >&2
  echo "$want" > "$stamp"
fi
