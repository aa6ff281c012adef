// Cross-checks the WebAuthn vectors of test-vectors/passkeys-v1.json with @simplewebauthn/server, a
// widely used relying-party library (WebAuthn Level 3's full verification: JSON parsing of
// clientDataJSON, origin, RP ID, flags, COSE key, DER signature). Each assertion whose rules it
// shares with docs/spec/passkeys.md §4.2 must get the same verdict:
//   - every `valid` vector verifies (with its own origin, and the vectors' RP ID);
//   - every `invalid` vector for a wrong challenge or type, a clear UP flag or a bad signature fails.
// Vectors about the fixed-prefix rule (member order, whitespace) and the encoding's bounds are the
// keystore's own stricter rules, which a general relying party does not have: they are skipped.
//
// Run: npm ci && node check-passkey-vectors.mjs
import { p256 } from "@noble/curves/nist.js";
import { verifyAuthenticationResponse } from "@simplewebauthn/server";
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const FILE = resolve(dirname(fileURLToPath(import.meta.url)), "../../../../test-vectors/passkeys-v1.json");
const RP_ID = "wallet.keystore.example";
const vectors = JSON.parse(readFileSync(FILE, "utf8"));

const bytes = (h) => Buffer.from(h.slice(2), "hex");
const b64url = (b) => Buffer.from(b).toString("base64url");

/** COSE_Key of an ES256 public key: {1: 2 (EC2), 3: -7 (ES256), -1: 1 (P-256), -2: x, -3: y}. */
function coseKey(uncompressed) {
  const k = bytes(uncompressed);
  return Uint8Array.from(Buffer.concat([
    Buffer.from([0xa5, 0x01, 0x02, 0x03, 0x26, 0x20, 0x01, 0x21, 0x58, 0x20]), k.subarray(1, 33),
    Buffer.from([0x22, 0x58, 0x20]), k.subarray(33, 65),
  ]));
}

async function simpleWebAuthnAccepts(v) {
  const clientData = JSON.parse(v.clientDataJSONText);
  const der = new p256.Signature(BigInt(v.r), BigInt(v.s)).toBytes("der");
  try {
    const result = await verifyAuthenticationResponse({
      response: {
        id: "a2V5c3RvcmU", rawId: "a2V5c3RvcmU", type: "public-key", clientExtensionResults: {},
        response: {
          clientDataJSON: b64url(bytes(v.clientDataJSON)),
          authenticatorData: b64url(bytes(v.authenticatorData)),
          signature: b64url(der),
        },
      },
      expectedChallenge: b64url(bytes(v.digest)),
      expectedOrigin: clientData.origin ?? "https://wallet.keystore.example",
      expectedRPID: RP_ID,
      credential: { id: "a2V5c3RvcmU", publicKey: coseKey(v.publicKey), counter: 0 },
      requireUserVerification: false,
    });
    return result.verified;
  } catch {
    return false;
  }
}

const SHARED_INVALID = /^(wrong challenge|wrong type|user present flag clear|no flags|bad signature)/;
let checked = 0;
for (const v of vectors.webauthn) {
  let want;
  if (v.expect === "valid") want = true;
  else if (v.expect === "invalid" && SHARED_INVALID.test(v.name)) want = false;
  else continue;
  const got = await simpleWebAuthnAccepts(v);
  if (got !== want) throw new Error(`@simplewebauthn/server says ${got} for "${v.name}", the vectors ${want}`);
  checked++;
}
console.log(`@simplewebauthn/server agrees on ${checked} WebAuthn vectors`);
