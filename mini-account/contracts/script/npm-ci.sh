#!/usr/bin/env bash
# Installs the npm dependencies of the mini-account contracts (package-lock.json): solady
# (ECDSA) and, for the tests, @account-abstraction/contracts 0.7.0 (the real EntryPoint v0.7).
# See tools/foundry/npm-ci.sh (idempotent; node_modules/ is never committed).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
exec "$here/../../tools/foundry/npm-ci.sh" "$here" mini-account
