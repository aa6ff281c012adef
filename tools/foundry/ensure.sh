#!/usr/bin/env bash
# Installs the project-local Foundry toolchain from npm (package-lock.json) and
# links its binaries into tools/foundry/bin: anvil, forge, cast, and solc (the
# wrapper over solc-js, see solc). Idempotent: does nothing when the lockfile
# has not changed since the last install. Prints the bin directory.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cd "$here"

command -v npm >/dev/null || { echo "error: npm not found; install Node.js 20+ with npm" >&2; exit 1; }
stamp=node_modules/.keystore-lock.sha256
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "[foundry] installing anvil, forge, cast and solc from npm (package-lock.json)" >&2
  # The platform binaries come in the optional per-platform packages; the
  # postinstall scripts are not needed.
  npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >&2
  echo "$want" > "$stamp"
fi

arch=$(uname -m); case "$arch" in x86_64) arch=amd64 ;; aarch64) arch=arm64 ;; esac
os=$(uname -s | tr '[:upper:]' '[:lower:]')
mkdir -p bin
for tool in anvil forge cast; do
  target="$here/node_modules/@foundry-rs/$tool-$os-$arch/bin/$tool"
  [ -x "$target" ] || { echo "error: $tool for $os-$arch missing from node_modules" >&2; exit 1; }
  ln -sfn "$target" "bin/$tool"
done
ln -sfn "$here/solc" bin/solc
echo "$here/bin"
