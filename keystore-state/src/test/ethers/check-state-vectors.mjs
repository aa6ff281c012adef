// Cross-checks test-vectors/keystore-state-v1.json (written by the Java reference) with ethers v6:
// for every signed transaction in its scenario, the EIP-712 struct hash and digest recomputed by
// ethers from the transaction's JSON form must equal the file's, and the signature must recover to
// the key the account requires (owner, or guardian at the index). Exits non-zero on any mismatch.
// Manual, like gen-eip712-vectors.mjs:
//
//   cd keystore-state/src/test/ethers && npm ci && node check-state-vectors.mjs
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { ethers } from "ethers";

const here = dirname(fileURLToPath(import.meta.url));
const file = join(here, "..", "..", "..", "..", "test-vectors", "keystore-state-v1.json");
const doc = JSON.parse(readFileSync(file, "utf8"));

const TYPES = {
  updateConfig: ["UpdateConfig", [
    { name: "account", type: "address" },
    { name: "nonce", type: "uint256" },
    { name: "newConfigCommitment", type: "bytes32" }]],
  approveRecovery: ["ApproveRecovery", [
    { name: "account", type: "address" },
    { name: "newOwnerKeyHash", type: "bytes32" },
    { name: "recoveryEpoch", type: "uint256" }]],
  cancelRecovery: ["CancelRecovery", [
    { name: "account", type: "address" },
    { name: "nonce", type: "uint256" }]],
};

const domain = { ...doc.domain, chainId: BigInt(doc.domain.chainId) };
delete domain.separator;
if (ethers.TypedDataEncoder.hashDomain(domain) !== doc.domain.separator) {
  throw new Error("domain separator differs");
}

let checked = 0;
for (const step of doc.transitions) {
  const tx = step.tx;
  if (!(tx.type in TYPES)) continue;
  const [primary, fields] = TYPES[tx.type];
  const message = { account: tx.account };
  if ("nonce" in tx) message.nonce = BigInt(tx.nonce);
  if (tx.type === "updateConfig") message.newConfigCommitment = step.newConfigCommitment;
  if (tx.type === "approveRecovery") {
    message.newOwnerKeyHash = step.newOwnerKeyHash;
    message.recoveryEpoch = BigInt(tx.recoveryEpoch);
  }
  const types = { [primary]: fields };
  const structHash = ethers.TypedDataEncoder.from(types).hash(message);
  const digest = ethers.TypedDataEncoder.hash(domain, types, message);
  if (structHash !== step.structHash || digest !== step.digest) {
    throw new Error(`${step.what}: struct hash or digest differs`);
  }
  // The key that must have signed: the owner, or the guardian at the index, of the configuration
  // before (or of the initial settings, for a creation).
  const signer = ethers.recoverAddress(digest, tx.signature);
  const before = step.before ?? tx.creation?.settings;
  const expected = !before ? null
    : tx.type === "approveRecovery" ? before.guardians[tx.guardianIndex]?.address
    : before.owner.address;
  const mustMatch = !["WRONG_SIGNER", "NOT_A_GUARDIAN", "ACCOUNT_NOT_FOUND"].includes(step.reason);
  if (mustMatch && signer !== expected) {
    throw new Error(`${step.what}: signed by ${signer}, expected ${expected}`);
  }
  if (step.reason === "WRONG_SIGNER" && signer === expected) {
    throw new Error(`${step.what}: rejected as WRONG_SIGNER but signed by ${signer}`);
  }
  checked++;
}
console.log(`${checked} signed transactions of ${file} match ethers`);
