#!/usr/bin/env bash
# Installs the npm dependencies of the L1 contracts (package-lock.json): solady (Ownable).
# See tools/foundry/npm-ci.sh (idempotent; node_modules/ is never committed).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
exec "$here/../tools/foundry/npm-ci.sh" "$here" l1-contracts
