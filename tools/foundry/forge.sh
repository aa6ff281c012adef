#!/usr/bin/env bash
# Runs the project-local forge in a Foundry project: forge.sh <project-dir> <forge args...>
# Installs the toolchain first when needed (ensure.sh).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
project=${1:?usage: forge.sh <project-dir> <forge args...>}
shift
bin=$("$here/ensure.sh")
cd "$project"
exec "$bin/forge" "$@"
