// Writes test-vectors/passkeys-v1.json (docs/spec/passkeys.md §7): P-256 (scheme 2) and WebAuthn
// (scheme 3) keys and signatures, valid and invalid, made independently of this project's code.
//
// - @noble/curves (npm, audited) makes the keys and the ECDSA signatures (RFC 6979);
// - authenticatorData and clientDataJSON are built here as WebAuthn Level 3 lays them out
//   (§6.1 authenticator data, §5.8.1.1 the serialisation of CollectedClientData);
// - Node's own WebCrypto (OpenSSL) cross-verifies every signature this script calls
//   cryptographically valid: the WebAuthn message authenticatorData ‖ SHA-256(clientDataJSON),
//   and, for the raw scheme, digests chosen as SHA-256 of a message, so that WebCrypto's
//   ECDSA-with-SHA-256 over the message checks the raw signature over the digest.
//
// Run: npm ci && node gen-passkey-vectors.mjs
import { p256 } from "@noble/curves/nist.js";
import { createHash, webcrypto } from "node:crypto";
import { writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const OUT = resolve(dirname(fileURLToPath(import.meta.url)), "../../../../test-vectors/passkeys-v1.json");
const N = p256.Point.CURVE().n;
const P = p256.Point.CURVE().p;
const HALF_N = N >> 1n;

const sha256 = (bytes) => new Uint8Array(createHash("sha256").update(bytes).digest());
const utf8 = (s) => new TextEncoder().encode(s);
const hex = (b) => "0x" + Buffer.from(b).toString("hex");
const word = (v) => "0x" + v.toString(16).padStart(64, "0");
const toWord = (v) => Uint8Array.from(Buffer.from(v.toString(16).padStart(64, "0"), "hex"));
const concat = (...parts) => Uint8Array.from(Buffer.concat(parts.map((p) => Buffer.from(p))));
const u16 = (n) => Uint8Array.of(n >> 8, n & 0xff);
const b64url = (b) => Buffer.from(b).toString("base64url");

function secretKey(label) {
  return sha256(utf8("keystore passkey vectors: key " + label)); // < n with overwhelming probability
}

function keyOf(sk, scheme) {
  const pub = p256.getPublicKey(sk, false); // 0x04 ‖ x ‖ y
  const x = BigInt("0x" + Buffer.from(pub.slice(1, 33)).toString("hex"));
  const y = BigInt("0x" + Buffer.from(pub.slice(33, 65)).toString("hex"));
  const M128 = (1n << 128n) - 1n;
  return {
    scheme,
    publicKey: hex(pub),
    keyHashInputs: [scheme, x >> 128n, x & M128, y >> 128n, y & M128].map((v) => word(BigInt(v))),
  };
}

/** ECDSA over the 32-byte hash value h (no further hashing), as {r, s} with s low. */
function signHash(h, sk) {
  const sig = p256.Signature.fromBytes(p256.sign(h, sk, { prehash: false, lowS: false }));
  const high = sig.s > HALF_N;
  return { r: sig.r, s: high ? N - sig.s : sig.s, normalisedFromHighS: high };
}

async function webCryptoVerifies(pubHex, message, r, s) {
  const key = await webcrypto.subtle.importKey(
    "raw", Buffer.from(pubHex.slice(2), "hex"), { name: "ECDSA", namedCurve: "P-256" }, false, ["verify"]);
  return webcrypto.subtle.verify({ name: "ECDSA", hash: "SHA-256" }, key, concat(toWord(r), toWord(s)), message);
}

async function mustVerify(pubHex, message, sig, what) {
  if (!(await webCryptoVerifies(pubHex, message, sig.r, sig.s)) || !p256.verify(
      concat(toWord(sig.r), toWord(sig.s)), sha256(message), Buffer.from(pubHex.slice(2), "hex"), { prehash: false })) {
    throw new Error("cross-verification failed: " + what);
  }
}

// ---------------------------------------------------------------------------------------------
// Scheme 2: raw P-256 over the digest

const skA = secretKey("A");
const skB = secretKey("B");
const keyA = keyOf(skA, 2);
const keyB = keyOf(skB, 2);

async function rawCase(name, messageLabel, sk, key, mutate) {
  const message = utf8("keystore passkey vectors: message " + messageLabel);
  const digest = sha256(message);
  const sig = signHash(digest, sk);
  await mustVerify(key.publicKey, message, sig, name);
  const out = { name, publicKey: key.publicKey, digest: hex(digest), r: word(sig.r), s: word(sig.s) };
  if (sig.normalisedFromHighS) out.normalisedFromHighS = true;
  return mutate ? mutate(out, { digest, sig }) : { ...out, expect: "valid" };
}

const p256Vectors = [];
for (let i = 0; i < 6; i++) p256Vectors.push(await rawCase("valid " + i, "raw " + i, skA, keyA));
if (!p256Vectors.some((v) => v.normalisedFromHighS)) throw new Error("no high-s case among the valid ones");
p256Vectors.push(await rawCase("valid, key B", "raw B", skB, keyB));
const badRaw = [
  ["high s (n - s of a valid signature)", (v, { sig }) => ({ ...v, s: word(N - sig.s), expect: "malformed" })],
  ["r = 0", (v) => ({ ...v, r: word(0n), expect: "malformed" })],
  ["s = 0", (v) => ({ ...v, s: word(0n), expect: "malformed" })],
  ["r = n", (v) => ({ ...v, r: word(N), expect: "malformed" })],
  ["r above n", (v, { sig }) => ({ ...v, r: word(sig.r + N < 1n << 256n ? sig.r + N : N + 1n), expect: "malformed" })],
  ["s = (n - 1) / 2 + 1", (v) => ({ ...v, s: word(HALF_N + 1n), expect: "malformed" })],
  ["another digest", (v) => ({ ...v, digest: hex(sha256(utf8("another"))), expect: "invalid" })],
  ["another key", (v) => ({ ...v, publicKey: keyB.publicKey, expect: "invalid" })],
  ["r changed", (v, { sig }) => ({ ...v, r: word(sig.r ^ 1n), expect: "invalid" })],
  ["s changed (still low)", (v, { sig }) => ({ ...v, s: word(sig.s === 1n ? 2n : sig.s - 1n), expect: "invalid" })],
];
for (const [name, mutate] of badRaw) p256Vectors.push(await rawCase(name, "raw bad", skA, keyA, (v, c) => mutate({ ...v, name }, c)));

const xA = BigInt("0x" + keyA.publicKey.slice(4, 68));
const yA = BigInt("0x" + keyA.publicKey.slice(68));
const uncompressed = (x, y) => "0x04" + word(x).slice(2) + word(y).slice(2);
const badKeys = [
  { name: "y + 1: not on the curve", publicKey: uncompressed(xA, yA + 1n) },
  { name: "(0, 0): no encoding of infinity", publicKey: uncompressed(0n, 0n) },
  { name: "x = p", publicKey: uncompressed(P, yA) },
  { name: "y + p: coordinate not below p", publicKey: uncompressed(xA, yA + P) },
  {
    name: "the secp256k1 generator: a scheme-1 point, not on P-256",
    publicKey: uncompressed(
      0x79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798n,
      0x483ada7726a3c4655da4fbfc0e1108a8fd17b448a68554199c47d08ffb10d4b8n),
  },
].filter((k) => BigInt("0x" + k.publicKey.slice(68)) < 1n << 256n);

// ---------------------------------------------------------------------------------------------
// Scheme 3: WebAuthn assertions

const skC = secretKey("C");
const keyC = keyOf(skC, 3);
const keyD = keyOf(secretKey("D"), 3);
const RP_ID_HASH = sha256(utf8("wallet.keystore.example"));
const UP = 0x01, UV = 0x04, BE = 0x08, BS = 0x10, ED = 0x80;

function authenticatorData(flags, signCount = 0, extensions = new Uint8Array()) {
  const count = Uint8Array.of(signCount >>> 24, (signCount >>> 16) & 0xff, (signCount >>> 8) & 0xff, signCount & 0xff);
  return concat(RP_ID_HASH, Uint8Array.of(flags), count, extensions);
}

/** CollectedClientData as browsers serialise it (WebAuthn L3 §5.8.1.1): type, challenge, origin, crossOrigin. */
function clientData(challenge, { type = "webauthn.get", origin = "https://wallet.keystore.example", extra = "" } = {}) {
  return `{"type":"${type}","challenge":"${challenge}","origin":"${origin}","crossOrigin":false${extra}}`;
}

const digestFor = (label) => sha256(utf8("keystore passkey vectors: EIP-712 digest " + label));

async function assertion(name, { sk = skC, key = keyC, digest, authData, clientDataJSON, expect = "valid", failedCheck }) {
  const cdj = utf8(clientDataJSON);
  const message = concat(authData, sha256(cdj));
  const sig = signHash(sha256(message), sk);
  await mustVerify(key.publicKey, message, sig, name);
  const v = {
    name,
    publicKey: key.publicKey,
    digest: hex(digest),
    authenticatorData: hex(authData),
    clientDataJSON: hex(cdj),
    clientDataJSONText: clientDataJSON,
    r: word(sig.r),
    s: word(sig.s),
  };
  if (sig.normalisedFromHighS) v.normalisedFromHighS = true;
  return { ...v, expect, ...(failedCheck ? { failedCheck } : {}) };
}

/** The wire body of docs/spec/passkeys.md §4.1: a (u16) ‖ authenticatorData ‖ c (u16) ‖ clientDataJSON ‖ r ‖ s. */
function wire(v) {
  const ad = Buffer.from(v.authenticatorData.slice(2), "hex");
  const cd = Buffer.from(v.clientDataJSON.slice(2), "hex");
  return hex(concat(u16(ad.length), ad, u16(cd.length), cd, toWord(BigInt(v.r)), toWord(BigInt(v.s))));
}

const web = [];
const d = (i) => digestFor(String(i));
const ch = (digest) => b64url(digest);
for (let i = 0; i < 4; i++) {
  web.push(await assertion("valid, UP and UV " + i, {
    digest: d(i), authData: authenticatorData(UP | UV), clientDataJSON: clientData(ch(d(i))) }));
}
web.push(await assertion("valid, UP only (UV is not required)", {
  digest: d(10), authData: authenticatorData(UP), clientDataJSON: clientData(ch(d(10))) }));
web.push(await assertion("valid, backup eligible and backed up, sign count", {
  digest: d(11), authData: authenticatorData(UP | UV | BE | BS, 7), clientDataJSON: clientData(ch(d(11))) }));
web.push(await assertion("valid, Chrome's other_keys_can_be_added_here member", {
  digest: d(12), authData: authenticatorData(UP | UV),
  clientDataJSON: clientData(ch(d(12)), {
    extra: ',"other_keys_can_be_added_here":"do not compare clientDataJSON against a template. See https://goo.gl/yabPex"' }) }));
web.push(await assertion("valid, extension data (ED) in authenticatorData", {
  digest: d(13), authData: authenticatorData(UP | UV | ED, 1, Uint8Array.from([0xa1, 0x6b, ...utf8("credProtect"), 0x02])),
  clientDataJSON: clientData(ch(d(13))) }));
web.push(await assertion("valid, cross-origin and another origin (not checked: passkeys.md §4.2)", {
  digest: d(14), authData: authenticatorData(UP | UV),
  clientDataJSON: `{"type":"webauthn.get","challenge":"${ch(d(14))}","origin":"https://elsewhere.example","crossOrigin":true}` }));
// A digest whose base64url has '-' and '_' (and standard base64 '+' and '/').
let dUrl;
for (let i = 0; ; i++) { const c = digestFor("url " + i); const s = b64url(c); if (s.includes("-") && s.includes("_")) { dUrl = c; break; } }
web.push(await assertion("valid, challenge with - and _", {
  digest: dUrl, authData: authenticatorData(UP), clientDataJSON: clientData(ch(dUrl)) }));
web.push(await assertion("valid, key D", {
  sk: secretKey("D"), key: keyD, digest: d(15), authData: authenticatorData(UP | UV), clientDataJSON: clientData(ch(d(15))) }));

if (!web.some((v) => v.normalisedFromHighS)) throw new Error("no high-s case among the valid assertions");

const inv = (failedCheck) => ({ expect: "invalid", failedCheck });
web.push(await assertion("wrong challenge (another digest's)", {
  digest: d(20), authData: authenticatorData(UP | UV), clientDataJSON: clientData(ch(d(21))), ...inv("clientData") }));
web.push(await assertion("wrong type: webauthn.create", {
  digest: d(22), authData: authenticatorData(UP | UV), clientDataJSON: clientData(ch(d(22)), { type: "webauthn.create" }), ...inv("clientData") }));
web.push(await assertion("user present flag clear (UV set)", {
  digest: d(23), authData: authenticatorData(UV), clientDataJSON: clientData(ch(d(23))), ...inv("userPresent") }));
web.push(await assertion("no flags", {
  digest: d(24), authData: authenticatorData(0), clientDataJSON: clientData(ch(d(24))), ...inv("userPresent") }));
web.push(await assertion("malformed clientDataJSON: challenge before type", {
  digest: d(25), authData: authenticatorData(UP | UV),
  clientDataJSON: `{"challenge":"${ch(d(25))}","type":"webauthn.get","origin":"https://wallet.keystore.example"}`, ...inv("clientData") }));
web.push(await assertion("malformed clientDataJSON: whitespace after the colon", {
  digest: d(26), authData: authenticatorData(UP | UV),
  clientDataJSON: `{"type": "webauthn.get","challenge":"${ch(d(26))}","origin":"https://wallet.keystore.example"}`, ...inv("clientData") }));
web.push(await assertion("malformed clientDataJSON: challenge padded with =", {
  digest: d(27), authData: authenticatorData(UP | UV),
  clientDataJSON: `{"type":"webauthn.get","challenge":"${ch(d(27))}=","origin":"https://wallet.keystore.example"}`, ...inv("clientData") }));
web.push(await assertion("malformed clientDataJSON: challenge in standard base64 (+ /)", {
  digest: dUrl, authData: authenticatorData(UP | UV),
  clientDataJSON: clientData(Buffer.from(dUrl).toString("base64").replace(/=+$/, "")), ...inv("clientData") }));
web.push(await assertion("malformed clientDataJSON: challenge without its closing quote", {
  digest: d(28), authData: authenticatorData(UP | UV),
  clientDataJSON: `{"type":"webauthn.get","challenge":"${ch(d(28))}}`, ...inv("clientData") }));
web.push(await assertion("malformed clientDataJSON: [ instead of { at byte 0", {
  digest: d(40), authData: authenticatorData(UP | UV),
  clientDataJSON: "[" + clientData(ch(d(40))).slice(1), ...inv("clientData") }));
web.push(await assertion("malformed clientDataJSON: ; instead of , at byte 22", {
  digest: d(41), authData: authenticatorData(UP | UV),
  clientDataJSON: (() => { const c = clientData(ch(d(41))); return c.slice(0, 22) + ";" + c.slice(23); })(), ...inv("clientData") }));
web.push(await assertion("malformed clientDataJSON: challenge in hex", {
  digest: d(29), authData: authenticatorData(UP | UV), clientDataJSON: clientData(Buffer.from(d(29)).toString("hex")), ...inv("clientData") }));
{
  const v = await assertion("bad signature: authenticatorData changed after signing", {
    digest: d(30), authData: authenticatorData(UP | UV, 1), clientDataJSON: clientData(ch(d(30))), ...inv("signature") });
  v.authenticatorData = hex(authenticatorData(UP | UV, 2));
  web.push(v);
}
{
  const other = await assertion("x", { digest: d(32), authData: authenticatorData(UP | UV), clientDataJSON: clientData(ch(d(32))) });
  const v = await assertion("bad signature: (r, s) of another assertion", {
    digest: d(31), authData: authenticatorData(UP | UV), clientDataJSON: clientData(ch(d(31))), ...inv("signature") });
  web.push({ ...v, r: other.r, s: other.s });
}
{
  const v = await assertion("bad signature: another key", {
    digest: d(33), authData: authenticatorData(UP | UV), clientDataJSON: clientData(ch(d(33))), ...inv("signature") });
  web.push({ ...v, publicKey: keyD.publicKey });
}
{
  const v = await assertion("high s (n - s of a valid assertion)", {
    digest: d(34), authData: authenticatorData(UP | UV), clientDataJSON: clientData(ch(d(34))), expect: "malformed" });
  web.push({ ...v, s: word(N - BigInt(v.s)) });
}
web.push(await assertion("truncated authenticatorData (36 bytes, no sign count byte)", {
  digest: d(35), authData: authenticatorData(UP | UV).slice(0, 36), clientDataJSON: clientData(ch(d(35))), expect: "malformed" }));
web.push(await assertion("authenticatorData of 129 bytes (above the bound)", {
  digest: d(36), authData: authenticatorData(UP | UV | ED, 0, new Uint8Array(92).fill(0x61)), clientDataJSON: clientData(ch(d(36))), expect: "malformed" }));
web.push(await assertion("clientDataJSON of 385 bytes (above the bound)", {
  digest: d(37), authData: authenticatorData(UP | UV),
  clientDataJSON: (() => { const base = clientData(ch(d(37)), { extra: ',"pad":"' }); return base.slice(0, -1) + "x".repeat(385 - base.length - 1) + '"}'; })(),
  expect: "malformed" }));
web.push(await assertion("clientDataJSON of 79 bytes (shorter than the prefix)", {
  digest: d(38), authData: authenticatorData(UP | UV), clientDataJSON: `{"type":"webauthn.get","challenge":"${ch(d(38))}`.slice(0, 79), expect: "malformed" }));
for (const v of web) v.encoded = wire(v);
for (const v of web) {
  const ad = (v.authenticatorData.length - 2) / 2, cd = (v.clientDataJSON.length - 2) / 2;
  if (v.name.startsWith("authenticatorData of 129") && ad !== 129) throw new Error("length " + ad);
  if (v.name.startsWith("clientDataJSON of 385") && cd !== 385) throw new Error("length " + cd);
}

// Wire-only malformations of a valid assertion's encoding.
const base = web[0];
const baseBytes = Buffer.from(base.encoded.slice(2), "hex");
const webWire = [
  { name: "trailing byte", encoded: hex(concat(baseBytes, Uint8Array.of(0))) },
  { name: "missing last byte of s", encoded: hex(baseBytes.subarray(0, baseBytes.length - 1)) },
  { name: "authenticatorData length past the end", encoded: hex(concat(u16(0xffff), baseBytes.subarray(2))) },
  { name: "clientDataJSON length one too long", encoded: (() => {
      const b = Buffer.from(baseBytes); const a = b.readUInt16BE(0); b.writeUInt16BE(b.readUInt16BE(2 + a) + 1, 2 + a); return hex(b); })() },
  { name: "empty", encoded: "0x" },
].map((w) => ({ ...w, publicKey: base.publicKey, digest: base.digest, expect: "malformed" }));

const out = {
  description:
    "P-256 (scheme 2) and WebAuthn (scheme 3) vectors of docs/spec/passkeys.md, made by " +
    "keystore-state/src/test/passkeys/gen-passkey-vectors.mjs with @noble/curves and cross-verified " +
    "with Node's WebCrypto (OpenSSL). Never edit by hand. expect: valid | malformed (decoding rejects it) " +
    "| invalid (well-formed, not valid; failedCheck names the rule of passkeys.md §4.2: clientData, " +
    "userPresent, signature).",
  curve: { name: "P-256", p: word(P), n: word(N), halfN: word(HALF_N) },
  keys: [keyA, keyB, keyC, keyD],
  badKeys,
  p256: p256Vectors,
  webauthn: web,
  webauthnWire: webWire,
};
writeFileSync(OUT, JSON.stringify(out, null, 2) + "\n");
console.log(`wrote ${OUT}: ${p256Vectors.length} P-256, ${web.length} WebAuthn, ${webWire.length} wire, ${badKeys.length} bad keys`);
