#!/usr/bin/env node
// Generates the unrolled Poseidon2 (BN254, width 2) permutation of
// src/Poseidon2.sol and the table of empty subtree roots in
// src/KeystoreTreeHashing.sol from the shared vector file
// test-vectors/poseidon2-bn254.json (params.roundKeys, from gnark-crypto).
//
//   node script/gen-poseidon2.js           rewrite the generated code
//   node script/gen-poseidon2.js --check   exit 1 if the checked-in code is stale
//
// Before writing anything it checks its own work against the vector file:
//   - a plain reference Poseidon2 (BigInt) against every permutation and
//     compress vector, so the round keys are read the way gnark-crypto uses them;
//   - the very straight-line program it emits, run by an interpreter with EVM
//     semantics (256-bit words), against the same vectors;
//   - an interval analysis of that program: every add is proven not to
//     overflow 2^256 for ANY canonical inputs, which is what makes the lazy
//     reduction (sums left unreduced until a mulmod/addmod/mod) sound.
'use strict';

const fs = require('fs');
const path = require('path');

const CONTRACTS = path.resolve(__dirname, '..');
const VECTORS = path.resolve(CONTRACTS, '../../test-vectors/poseidon2-bn254.json');
const POSEIDON2_SOL = path.join(CONTRACTS, 'src/Poseidon2.sol');
const TREE_SOL = path.join(CONTRACTS, 'src/KeystoreTreeHashing.sol');

const R = 0x30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f0000001n;
const WORD = 1n << 256n;
const TREE_DEPTH = 32;

function fail(msg) {
  process.stderr.write(`gen-poseidon2: ${msg}\n`);
  process.exit(1);
}

// ---------------------------------------------------------------------------
// Parameters from the vector file
// ---------------------------------------------------------------------------

const vectors = JSON.parse(fs.readFileSync(VECTORS, 'utf8'));
const params = vectors.params;
if (params.width !== 2 || params.fullRounds !== 6 || params.partialRounds !== 50 || params.sboxDegree !== 5) {
  fail(`unexpected parameters ${JSON.stringify({ ...params, roundKeys: undefined })}`);
}
if (BigInt(params.modulus) !== R) fail(`unexpected modulus ${params.modulus}`);
const HALF_FULL = params.fullRounds / 2;
const ROUNDS = params.fullRounds + params.partialRounds;
const roundKeys = params.roundKeys.map((keys) => keys.map((k) => BigInt(k)));
if (roundKeys.length !== ROUNDS) fail(`expected ${ROUNDS} rounds of keys, got ${roundKeys.length}`);
roundKeys.forEach((keys, i) => {
  const full = i < HALF_FULL || i >= HALF_FULL + params.partialRounds;
  if (keys.length !== (full ? 2 : 1)) fail(`round ${i}: expected ${full ? 2 : 1} keys, got ${keys.length}`);
  keys.forEach((k) => { if (k >= R) fail(`round ${i}: key not canonical`); });
});

// ---------------------------------------------------------------------------
// Reference implementation (plain field arithmetic)
// ---------------------------------------------------------------------------

const fmod = (x) => ((x % R) + R) % R;
const pow5 = (x) => { const x2 = (x * x) % R; return (((x2 * x2) % R) * x) % R; };

function refPermute(a, b) {
  const ext = () => { const t = a + b; a = fmod(a + t); b = fmod(b + t); };
  const full = (k) => { a = pow5(fmod(a + k[0])); b = pow5(fmod(b + k[1])); ext(); };
  ext();
  for (let i = 0; i < HALF_FULL; i++) full(roundKeys[i]);
  for (let i = HALF_FULL; i < HALF_FULL + params.partialRounds; i++) {
    a = pow5(fmod(a + roundKeys[i][0]));
    const s = a + b;
    a = fmod(a + s);
    b = fmod(2n * b + s);
  }
  for (let i = HALF_FULL + params.partialRounds; i < ROUNDS; i++) full(roundKeys[i]);
  return [a, b];
}
const refCompress = (l, r) => fmod(refPermute(l, r)[1] + r);

// ---------------------------------------------------------------------------
// The emitted program: straight-line code over a few 256-bit variables
// ---------------------------------------------------------------------------
// Expressions: {op: 'var', name} | {op: 'lit', x} | {op: 'add', args}
// | {op: 'mulmod'|'addmod', args} (modulus P implied) | {op: 'mod', args}.

const V = (name) => ({ op: 'var', name });
const L = (x) => ({ op: 'lit', x: BigInt(x) });
const add = (p, q) => ({ op: 'add', args: [p, q] });
const mulmod = (p, q) => ({ op: 'mulmod', args: [p, q] });
const addmod = (p, q) => ({ op: 'addmod', args: [p, q] });
const mod = (p) => ({ op: 'mod', args: [p] });

// Builds the permutation. `outputs` is 'both' (a and b, reduced) or 'compress'
// (only b + right, reduced; the last linear layer then computes lane 1 only).
// Inputs: variables a, b (canonical), and for 'compress' `right` (== b).
//
// The shape of the expressions below was picked by measuring the gas of the
// code solc 0.8.30 (via-ir) makes of it; the arithmetic is what the checks
// further down prove, so other shapes are fine for correctness.
function buildProgram(outputs) {
  const st = [];
  const set = (name, expr) => st.push({ name, expr });
  const note = (text) => st.push({ comment: text });
  // dst = src^5; src may be unreduced (< 2^256: mulmod reduces whatever it gets).
  const sbox = (dst, src) => {
    set('x2', mulmod(V(src), V(src)));
    set(dst, mulmod(mulmod(V('x2'), V('x2')), V(src)));
  };
  // External matrix [[2,1],[1,2]]: t = a + b; a += t; b += t. Unreduced.
  const external = (onlyB) => {
    set('t', add(V('a'), V('b')));
    if (!onlyB) set('a', add(V('a'), V('t')));
    set('b', add(V('b'), V('t')));
  };
  const fullRound = (i, onlyB) => {
    note(`full round ${i}`);
    set('a', add(V('a'), L(roundKeys[i][0])));
    set('b', add(V('b'), L(roundKeys[i][1])));
    sbox('b', 'b');
    sbox('a', 'a');
    external(onlyB);
  };

  note('initial external matrix');
  external(false);
  for (let i = 0; i < HALF_FULL; i++) fullRound(i, false);

  // Partial rounds. With y the S-box output of lane 0, the internal matrix
  // [[2,1],[1,3]] gives a' = 2y + b and b' = y + 3b. The next S-box input
  // x = a' + k is kept in x; b' = y + (3b mod P) stays below 2P, so x < 5P.
  const first = HALF_FULL;
  const last = HALF_FULL + params.partialRounds - 1;
  note(`partial rounds ${first}..${last}`);
  set('b', mod(V('b')));
  set('x', add(V('a'), L(roundKeys[first][0])));
  for (let i = first; i <= last; i++) {
    note(`partial round ${i}`);
    sbox('y', 'x');
    const y = V('y'), b = V('b');
    if (i < last) set('x', add(add(add(y, y), b), L(roundKeys[i + 1][0])));
    else set('a', add(add(y, y), b));
    set('b', add(y, mulmod(L(3), b)));
  }
  for (let i = last + 1; i < ROUNDS; i++) fullRound(i, outputs === 'compress' && i === ROUNDS - 1);

  note('output');
  if (outputs === 'compress') {
    set('b', addmod(V('b'), V('right')));
  } else {
    set('a', mod(V('a')));
    set('b', mod(V('b')));
  }
  return st;
}

// Runs a program. mode 'value': concrete BigInts, EVM semantics (asserts that
// add never wraps, which would break the arithmetic mod P). mode 'bound':
// every variable holds an upper bound instead; proves no wrap for all inputs.
function run(program, env, mode) {
  const check = (v, what) => { if (v >= WORD) fail(`${mode} run: an ${what} may overflow 2^256 (lazy reduction unsound)`); return v; };
  const ev = (e) => {
    switch (e.op) {
      case 'var': if (!(e.name in env)) throw new Error(`unset variable ${e.name}`); return env[e.name];
      case 'lit': return e.x;
      case 'add': return check(ev(e.args[0]) + ev(e.args[1]), 'add');
      case 'mulmod': { const p = ev(e.args[0]), q = ev(e.args[1]); return mode === 'bound' ? R - 1n : (p * q) % R; }
      case 'addmod': { const p = ev(e.args[0]), q = ev(e.args[1]); return mode === 'bound' ? R - 1n : (p + q) % R; }
      case 'mod': { const p = ev(e.args[0]); return mode === 'bound' ? R - 1n : p % R; }
      default: throw new Error(`bad op ${e.op}`);
    }
  };
  for (const s of program) if (s.name) env[s.name] = ev(s.expr);
  return env;
}

const programBoth = buildProgram('both');
const programCompress = buildProgram('compress');

// Interval analysis: canonical inputs are < P.
run(programBoth, { a: R - 1n, b: R - 1n }, 'bound');
run(programCompress, { a: R - 1n, b: R - 1n, right: R - 1n }, 'bound');

// Vectors: the reference, then the emitted program.
const hex = (x) => '0x' + x.toString(16).padStart(64, '0');
for (const v of vectors.permutation) {
  const [a, b] = v.in.map(BigInt);
  const want = v.out.map(BigInt);
  const ref = refPermute(a, b);
  if (ref[0] !== want[0] || ref[1] !== want[1]) fail(`reference permutation disagrees on ${v.in}`);
  const got = run(programBoth, { a, b }, 'value');
  if (got.a !== want[0] || got.b !== want[1]) fail(`generated permutation disagrees on ${v.in}`);
}
for (const v of vectors.compress) {
  const [l, r, out] = [BigInt(v.left), BigInt(v.right), BigInt(v.out)];
  if (refCompress(l, r) !== out) fail(`reference compress disagrees on ${v.left}, ${v.right}`);
  if (run(programCompress, { a: l, b: r, right: r }, 'value').b !== out) fail(`generated compress disagrees on ${v.left}, ${v.right}`);
}
const emptyRoots = [0n];
for (let h = 0; h < TREE_DEPTH; h++) emptyRoots.push(refCompress(emptyRoots[h], emptyRoots[h]));
emptyRoots.forEach((z, h) => {
  if (hex(z) !== vectors.emptySubtreeRoots[h]) fail(`empty subtree root ${h} disagrees with the vector file`);
});

// ---------------------------------------------------------------------------
// Emission
// ---------------------------------------------------------------------------

const lit = (x) => (x < 256n ? x.toString() : hex(x));
function yulExpr(e) {
  switch (e.op) {
    case 'var': return e.name;
    case 'lit': return lit(e.x);
    case 'add': return `${e.op}(${yulExpr(e.args[0])}, ${yulExpr(e.args[1])})`;
    case 'mulmod': case 'addmod': return `${e.op}(${yulExpr(e.args[0])}, ${yulExpr(e.args[1])}, p)`;
    case 'mod': return `mod(${yulExpr(e.args[0])}, p)`;
    default: throw new Error(`bad op ${e.op}`);
  }
}
// Single assignment: every statement defines a fresh variable (name_version).
function yulBody(program, indent, inputs) {
  const version = {};
  for (const n of inputs) version[n] = null;
  const cur = (n) => (version[n] === null ? n : `${n}_${version[n]}`);
  const rename = (e) => (e.op === 'var' ? V(cur(e.name)) : e.args ? { ...e, args: e.args.map(rename) } : e);
  const lines = program.map((s) => {
    if (s.comment) return indent + `// ${s.comment}`;
    const expr = yulExpr(rename(s.expr));
    version[s.name] = (version[s.name] ?? 0) + 1;
    return indent + `let ${cur(s.name)} := ${expr}`;
  });
  return { text: lines.join('\n'), cur };
}

const SOURCE_NOTE = 'script/gen-poseidon2.js from test-vectors/poseidon2-bn254.json (params.roundKeys)';

function poseidon2Sol() {
  const ind = ' '.repeat(12);
  const bodyC = yulBody(programCompress, ind, ['a', 'b', 'right']);
  const bodyP = yulBody(programBoth, ind, ['a', 'b']);
  return `// SPDX-License-Identifier: MIT
// =============================================================================
// GENERATED FILE - DO NOT EDIT. Written by ${SOURCE_NOTE};
// regenerate with \`node script/gen-poseidon2.js\` (--check to verify).
// =============================================================================
pragma solidity ^0.8.24;

/// @title Poseidon2 over BN254, width 2 (gnark-crypto v0.21.0 default parameters)
/// @notice 6 full rounds (3 + 3) and 50 partial rounds, S-box x^5, external matrix
///         [[2,1],[1,2]] and internal matrix [[2,1],[1,3]]; round keys as in
///         gnark-crypto's poseidon2.GetDefaultParameters() for BN254. compress is
///         gnark-crypto's compression function: permute(left, right)[1] + right.
/// @dev    Straight-line assembly with the round keys inlined as literals. Sums are
///         left unreduced (P < 2^254, so a few of them fit in a word) until they reach
///         a mulmod/addmod/mod; the generator proves the bounds for all canonical
///         inputs. Inputs must be canonical field elements (< P): anything else
///         reverts with NotAFieldElement, as gnark-crypto's byte-level API rejects it.
library Poseidon2 {
    /// @notice The BN254 scalar field modulus.
    uint256 internal constant P = ${hex(R)};

    /// @notice An input was not a canonical field element (it was >= P).
    error NotAFieldElement(uint256 value);

    /// @notice gnark-crypto's Poseidon2 compression: permute(left, right)[1] + right (mod P).
    function compress(uint256 left, uint256 right) internal pure returns (uint256 out) {
        if (_notCanonical(left, right)) revert NotAFieldElement(left >= P ? left : right);
        assembly ("memory-safe") {
            let p := P
            let a := left
            let b := right
${bodyC.text}
            out := ${bodyC.cur('b')}
        }
    }

    /// @dev True iff a >= P or b >= P; one branch for both checks.
    function _notCanonical(uint256 a, uint256 b) private pure returns (bool bad) {
        assembly ("memory-safe") {
            bad := or(gt(a, ${hex(R - 1n)}), gt(b, ${hex(R - 1n)}))
        }
    }

    /// @notice compress over bytes32 (big-endian field elements, as in the vector file).
    function compress(bytes32 left, bytes32 right) internal pure returns (bytes32) {
        return bytes32(compress(uint256(left), uint256(right)));
    }

    /// @notice The Poseidon2 permutation of the state (s0, s1).
    function permute(uint256 s0, uint256 s1) internal pure returns (uint256 o0, uint256 o1) {
        if (_notCanonical(s0, s1)) revert NotAFieldElement(s0 >= P ? s0 : s1);
        assembly ("memory-safe") {
            let p := P
            let a := s0
            let b := s1
${bodyP.text}
            o0 := ${bodyP.cur('a')}
            o1 := ${bodyP.cur('b')}
        }
    }
}
`;
}

const BEGIN = '// BEGIN GENERATED by script/gen-poseidon2.js (empty subtree roots) - do not edit';
const END = '// END GENERATED';
function treeSection() {
  const ind = ' '.repeat(8);
  const lines = [`${ind}${BEGIN}`];
  lines.push(`${ind}// Z[h] for h = 0..${TREE_DEPTH} (Z[0] = 0, Z[h+1] = nodeHash(Z[h], Z[h])), found by a`);
  lines.push(`${ind}// binary search on height: a handful of comparisons, no memory.`);
  lines.push(`${ind}assembly ("memory-safe") {`);
  const search = (lo, hi, depth) => {
    const pad = ind + '    '.repeat(depth);
    if (hi - lo === 1) {
      lines.push(`${pad}root := ${hex(emptyRoots[lo])}`);
      return;
    }
    const mid = (lo + hi) >> 1;
    lines.push(`${pad}switch lt(height, ${mid})`);
    lines.push(`${pad}case 0 {`);
    search(mid, hi, depth + 1);
    lines.push(`${pad}}`);
    lines.push(`${pad}default {`);
    search(lo, mid, depth + 1);
    lines.push(`${pad}}`);
  };
  search(0, TREE_DEPTH + 1, 1);
  lines.push(`${ind}}`);
  lines.push(`${ind}${END}`);
  return lines.join('\n');
}
function spliceTree(text) {
  const i = text.indexOf(BEGIN), j = text.indexOf(END);
  if (i < 0 || j < i) fail(`${TREE_SOL}: generated section markers not found`);
  const lineStart = text.lastIndexOf('\n', i) + 1;
  return text.slice(0, lineStart) + treeSection() + text.slice(j + END.length);
}

const outputs = [[POSEIDON2_SOL, poseidon2Sol()]];
if (fs.existsSync(TREE_SOL)) outputs.push([TREE_SOL, spliceTree(fs.readFileSync(TREE_SOL, 'utf8'))]);
else fail(`${TREE_SOL} not found`);

if (process.argv.includes('--check')) {
  let stale = false;
  for (const [file, text] of outputs) {
    if (!fs.existsSync(file) || fs.readFileSync(file, 'utf8') !== text) {
      process.stderr.write(`gen-poseidon2: ${path.relative(CONTRACTS, file)} is stale; run node script/gen-poseidon2.js\n`);
      stale = true;
    }
  }
  process.exit(stale ? 1 : 0);
}
for (const [file, text] of outputs) fs.writeFileSync(file, text);
process.stdout.write(`gen-poseidon2: checked ${vectors.permutation.length} permutation and ${vectors.compress.length} compress vectors; wrote ${outputs.map(([f]) => path.relative(CONTRACTS, f)).join(', ')}\n`);
