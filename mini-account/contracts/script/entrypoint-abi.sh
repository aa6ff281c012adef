#!/usr/bin/env bash
# Writes EntryPoint.abi and EntryPoint.bin into <out-dir> from the npm artifact of
# @account-abstraction/contracts 0.7.0 (installed by npm-ci.sh): the inputs of web3j's wrapper
# generator. The ABI keeps the functions a client of the EntryPoint calls (getNonce, depositTo,
# balanceOf) and the events (handleOps and getUserOpHash take structs, which web3j's generator
# does not: io.keystore.sdk.UserOperations encodes them); the bytecode
# is the canonical init code, deployed through the CREATE2 deployer with the canonical salt.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out=${1:?usage: entrypoint-abi.sh <out-dir>}
mkdir -p "$out"
node - "$here/node_modules/@account-abstraction/contracts/artifacts/EntryPoint.json" "$out" <<'JS'
const fs = require("fs");
const [artifactPath, out] = process.argv.slice(2);
const artifact = JSON.parse(fs.readFileSync(artifactPath, "utf8"));
const keep = new Set(["getNonce", "depositTo", "balanceOf"]);
const hasTuple = (params) => (params || []).some((p) => p.type.startsWith("tuple"));
// web3j's generator takes no tuple types: handleOps and getUserOpHash are encoded by the SDK.
const abi = artifact.abi.filter(
  (e) => (e.type === "function" && keep.has(e.name) || e.type === "event") && !hasTuple(e.inputs) && !hasTuple(e.outputs));
if (abi.filter((e) => e.type === "function").length !== keep.size) throw new Error("EntryPoint ABI lacks a function of " + [...keep]);
if (!/^0x[0-9a-f]+$/i.test(artifact.bytecode)) throw new Error("EntryPoint artifact has no bytecode");
fs.writeFileSync(`${out}/EntryPoint.abi`, JSON.stringify(abi));
fs.writeFileSync(`${out}/EntryPoint.bin`, artifact.bytecode);
JS
