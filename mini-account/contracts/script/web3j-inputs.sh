#!/usr/bin/env bash
# Writes <Contract>.abi and <Contract>.bin (from forge, which compiles the project) into
# <out-dir>, the inputs of web3j's wrapper generator: web3j-inputs.sh <out-dir> <Contract>...
# An artifact without bytecode (forge lint, for one, leaves ABI-only artifacts in out/) would
# give a wrapper that deploys "null": the project is then rebuilt once with --force.
# web3j's generator does not take tuple (struct) types: functions and events with a tuple
# parameter are left out of the ABI (the SDK encodes those calls itself, io.keystore.sdk.UserOperations).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out=${1:?usage: web3j-inputs.sh <out-dir> <Contract>...}
shift
mkdir -p "$out"
forge=("$here/../../tools/foundry/forge.sh" "$here")
rebuilt=false
for contract in "$@"; do
  bytecode=$("${forge[@]}" inspect "$contract" bytecode | tr -d "\n")
  if [[ "$bytecode" != 0x* ]] && ! $rebuilt; then
    echo "[mini-account] $contract has no bytecode in out/: forge build --force" >&2
    "${forge[@]}" build --force >&2
    rebuilt=true
    bytecode=$("${forge[@]}" inspect "$contract" bytecode | tr -d "\n")
  fi
  [[ "$bytecode" == 0x* ]] || { echo "error: no bytecode for $contract: $bytecode" >&2; exit 1; }
  "${forge[@]}" inspect "$contract" abi --json | node "$here/script/abi-without-tuples.js" > "$out/$contract.abi"
  printf '%s' "$bytecode" > "$out/$contract.bin"
done
