#!/usr/bin/env bash
# Writes <Contract>.abi and <Contract>.bin (from forge, which compiles the project) into
# <out-dir>, the inputs of web3j's wrapper generator: web3j-inputs.sh <out-dir> <Contract>...
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out=${1:?usage: web3j-inputs.sh <out-dir> <Contract>...}
shift
mkdir -p "$out"
forge=("$here/../../tools/foundry/forge.sh" "$here")
for contract in "$@"; do
  "${forge[@]}" inspect "$contract" abi --json > "$out/$contract.abi"
  "${forge[@]}" inspect "$contract" bytecode | tr -d "\n" > "$out/$contract.bin"
done
