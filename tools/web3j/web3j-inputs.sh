#!/usr/bin/env bash
# The inputs of web3j's wrapper generator for contracts of a Foundry project, and the generator's
# launcher: web3j-inputs.sh <foundry-project> <out-dir> <Contract>...
#  - <out-dir>/<Contract>.abi and .bin from forge (which compiles the project). An artifact
#    without bytecode (forge lint, for one, leaves ABI-only artifacts in out/) would give a
#    wrapper that deploys "null": the project is then rebuilt once with --force. web3j's
#    generator does not take tuple (struct) types: functions and events with a tuple parameter
#    are left out of the ABI (abi-without-tuples.js).
#  - <out-dir>/launcher/Web3jWrappers.class (javac from $JAVA_HOME), which the Maven execution
#    web3j-wrappers runs once for every .abi in <out-dir> (see the parent pom).
# Used by l1-contracts and mini-account through the parent pom's pluginManagement.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
project=${1:?usage: web3j-inputs.sh <foundry-project> <out-dir> <Contract>...}
out=${2:?usage: web3j-inputs.sh <foundry-project> <out-dir> <Contract>...}
shift 2
mkdir -p "$out/launcher"
forge=("$here/../foundry/forge.sh" "$project")
label=$(basename "$(cd "$project" && pwd)")
rebuilt=false
for contract in "$@"; do
  bytecode=$("${forge[@]}" inspect "$contract" bytecode | tr -d "\n")
  if [[ "$bytecode" != 0x* ]] && ! $rebuilt; then
    echo "[$label] $contract has no bytecode in out/: forge build --force" >&2
    "${forge[@]}" build --force >&2
    rebuilt=true
    bytecode=$("${forge[@]}" inspect "$contract" bytecode | tr -d "\n")
  fi
  [[ "$bytecode" == 0x* ]] || { echo "error: no bytecode for $contract: $bytecode" >&2; exit 1; }
  "${forge[@]}" inspect "$contract" abi --json | node "$here/abi-without-tuples.js" > "$out/$contract.abi"
  printf '%s' "$bytecode" > "$out/$contract.bin"
done
javac=${JAVA_HOME:+$JAVA_HOME/bin/}javac
"$javac" -nowarn -d "$out/launcher" "$here/Web3jWrappers.java"
