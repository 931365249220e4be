// Writes tests/vectors/encoding.txt: what Node v23.5.0's StringDecoder and
// Buffer.from(string, encoding) do, for tests/unit/test_encoding.c.
// Run: $(/work/shared/tools/node-oracle --path 2>/dev/null || echo node) gen_encoding.js
// (or /work/shared/tools/node-oracle gen_encoding.js). Deterministic: seeded PRNG.
//
// Every field is "=" followed by hex, so an empty value is just "=".
//   D <enc> <nchunks> =chunk... =write_output... =end_output
//   E <enc> =text =bytes
// Outputs are the UTF-8 of the JS strings, as Node prints them (a lone
// surrogate becomes EF BF BD). `text` is UTF-8, possibly invalid: the string
// encoded is what V8 decodes it to.
'use strict';
const { StringDecoder } = require('string_decoder');
const fs = require('fs');
const path = require('path');

let seed = 0x5eed1234;
function rnd() { // mulberry32
  seed = (seed + 0x6D2B79F5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const int = (n) => Math.floor(rnd() * n);
const pick = (a) => a[int(a.length)];
const hex = (b) => '=' + Buffer.from(b).toString('hex');
const utf8 = (s) => Buffer.from(s, 'utf8');

function codePoint() {
  switch (int(5)) {
    case 0: return 0x20 + int(0x5f);
    case 1: return 0x80 + int(0x780);
    case 2: return pick([0x800, 0xfff, 0x20ac, 0xd7ff, 0xe000, 0xfffd, 0xffff, 0x800 + int(0xd000)]);
    case 3: return pick([0x10000, 0x1f600, 0x10ffff, 0x10000 + int(0x100000)]);
    default: return int(0x80);
  }
}

function utf8Bytes(n) {
  const out = [];
  while (out.length < n) {
    switch (int(6)) {
      case 0: out.push(0x80 + int(0x40)); break;                 // continuation
      case 1: out.push(0xc0 + int(0x40)); break;                 // lead (valid or not)
      case 2: out.push(pick([0xe0, 0xed, 0xf0, 0xf4, 0xc0, 0xc1, 0xf5, 0xff]),
                       pick([0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf])); break;
      case 3: out.push(int(0x80)); break;
      default: out.push(...utf8(String.fromCodePoint(codePoint())));
    }
  }
  return out;
}

function utf16Bytes(n) {
  const out = [];
  const unit = (u) => out.push(u & 0xff, u >> 8);
  while (out.length < n) {
    switch (int(6)) {
      case 0: unit(0xd800 + int(0x400)); break;                  // high surrogate
      case 1: unit(0xdc00 + int(0x400)); break;                  // low surrogate
      case 2: out.push(int(256)); break;                         // odd byte
      case 3: unit(int(0x80)); break;
      default: for (const c of Buffer.from(String.fromCodePoint(codePoint()), 'utf16le')) out.push(c);
    }
  }
  return out;
}

function anyBytes(n) {
  const out = [];
  for (let i = 0; i < n; i++) out.push(pick([int(256), 0x80 + int(0x80), int(0x80), 0, 0xff]));
  return out;
}

function chunked(bytes) {
  const chunks = [];
  let i = 0;
  while (i < bytes.length) {
    const n = rnd() < 0.05 ? 0 : 1 + int(rnd() < 0.8 ? 5 : 20);
    chunks.push(bytes.slice(i, i + n));
    i += n;
  }
  return chunks;
}

const lines = [];
function decodeCase(enc, bytes) {
  const d = new StringDecoder(enc);
  const chunks = chunked(bytes);
  const outs = chunks.map((c) => hex(utf8(d.write(Buffer.from(c)))));
  outs.push(hex(utf8(d.end())));
  lines.push(['D', enc, chunks.length, ...chunks.map(hex), ...outs].join(' '));
}

const decEncodings = ['utf8', 'utf16le', 'latin1', 'ascii', 'base64', 'base64url', 'hex'];
for (const enc of decEncodings) {
  const gen = enc === 'utf8' ? utf8Bytes : enc === 'utf16le' ? utf16Bytes : anyBytes;
  const count = enc === 'utf8' || enc === 'utf16le' ? 700 : 250;
  for (let i = 0; i < count; i++) decodeCase(enc, gen(int(i < 50 ? 6 : 40)));
}

function randomString(n) {
  let s = '';
  while (s.length < n) s += String.fromCodePoint(codePoint());
  return s;
}

// Base64/hex text with the junk Node tolerates or stops at.
function mangle(s, junk) {
  const a = [...s];
  const edits = int(4);
  for (let e = 0; e < edits; e++) {
    const at = int(a.length + 1);
    switch (int(5)) {
      case 0: a.splice(at, 0, pick(junk)); break;
      case 1: a.splice(at, 1); break;
      case 2: a.splice(at, 0, String.fromCodePoint(codePoint())); break;
      case 3: a.splice(at, 0, String.fromCharCode(pick([0x100, 0x200, 0xff00]) + s.charCodeAt(int(s.length)) || 0x141)); break;
      default: if (a.length) a[at % a.length] = a[at % a.length].toUpperCase();
    }
  }
  return a.join('');
}

function encodeCase(enc, str) {
  lines.push(['E', enc, hex(utf8(str)), hex(Buffer.from(str, enc))].join(' '));
}
function encodeRawCase(enc, bytes) {
  const str = Buffer.from(bytes).toString('utf8');
  lines.push(['E', enc, hex(bytes), hex(Buffer.from(str, enc))].join(' '));
}

const encEncodings = ['utf8', 'utf16le', 'latin1', 'ascii', 'base64', 'base64url', 'hex'];
for (const enc of encEncodings) {
  for (let i = 0; i < 150; i++) encodeCase(enc, randomString(int(20)));
  for (let i = 0; i < 50; i++) encodeRawCase(enc, utf8Bytes(int(20)));
}
const b64junk = [' ', '\n', '\t', '=', '==', '-', '_', '+', '/', '.', '*', '\u00a0', '\u0141'];
for (const enc of ['base64', 'base64url']) {
  for (let i = 0; i < 300; i++) {
    const src = Buffer.from(anyBytes(int(24))).toString(pick(['base64', 'base64url']));
    encodeCase(enc, rnd() < 0.2 ? src : mangle(src, b64junk));
  }
  // Long strings take another path in Buffer.from (sized by byteLength).
  for (let i = 0; i < 6; i++) {
    const src = Buffer.from(anyBytes(1000 + int(600))).toString(pick(['base64', 'base64url']));
    encodeCase(enc, i < 2 ? src : mangle(src, b64junk));
  }
}
for (let i = 0; i < 300; i++) {
  const src = Buffer.from(anyBytes(int(16))).toString('hex');
  encodeCase('hex', rnd() < 0.2 ? src : mangle(src, ['g', 'x', ' ', '0', 'F', 'Z', '\u0162']));
}

fs.writeFileSync(path.join(__dirname, 'encoding.txt'), lines.join('\n') + '\n');
