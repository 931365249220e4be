'use strict';
// Differential testing against Node v23.5.0, a million inputs a category.
//
// The inputs are not stored: this script and tests/unit/diff/*.c make the
// same ones from the same seeded PRNG (mulberry32), draw for draw, so every
// generator here has a twin there that must be changed with it. Node's
// answers are stored as digests (see docs/reliability.md):
//
//   CATEGORY.txt    a header, then one line per LINE * BLOCK inputs: the
//                   digest of those inputs, then one digest per BLOCK answers
//
// A digest is 32-bit FNV-1a over each input's (or answer's) length (4 bytes,
// little-endian) and bytes, in order. tests/unit/test_diff_*.c regenerate
// the inputs, ask cnet, and compare block by block.
//
//   node-oracle gen_diff.js record [CATEGORY...]   write CATEGORY.txt
//   node-oracle gen_diff.js check [CATEGORY...]    regenerate, compare with them
//       (the first SLICE inputs, as the C tests; all with CNET_LONG=1)
//   node-oracle gen_diff.js show CATEGORY FIRST COUNT
//       print inputs FIRST.. and Node's answers, one a line:
//       INDEX <tab> INPUT <tab> ANSWER, bytes outside ' '..'~' and '\' as \xHH
//
// `check` and `show` take --inputs N to stop after N inputs. Categories:
// isip, parse, blocklist, decode-ENC and encode-ENC for each encoding.
const { SocketAddress, isIP, isIPv4, isIPv6 } = require('net');
const { StringDecoder } = require('string_decoder');
const fs = require('fs');
const path = require('path');
const { ListState, genBlocklist, answerBlocklist } = require('./blocklist_ops');

const COUNT = 1000000; // inputs a category
const BLOCK = 128;     // answers a digest
const LINE = 16;       // blocks a line
const SLICE = 25 * LINE * BLOCK; // what is checked without CNET_LONG=1
const ENCODINGS = ['utf8', 'utf16le', 'latin1', 'ascii', 'base64', 'base64url', 'hex'];

// ---- PRNG and digests ----

class Rng {
  constructor(seed) { this.s = seed | 0; }
  u32() { // mulberry32
    this.s = (this.s + 0x6D2B79F5) | 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }
  // 0 <= int(n) < n, n < 2^21: exact in a double, as C's (u32 * n) >> 32.
  int(n) { return Math.floor(this.u32() * n / 4294967296); }
  pick(a) { return a[this.int(a.length)]; }
}

const FNV_BASIS = 0x811c9dc5;
function fnvByte(h, b) { return Math.imul(h ^ b, 0x01000193); }
function digest(h, bytes) {
  const n = bytes.length;
  h = fnvByte(fnvByte(fnvByte(fnvByte(h, n & 255), (n >>> 8) & 255), (n >>> 16) & 255), n >>> 24);
  for (let i = 0; i < n; i++) h = fnvByte(h, bytes[i]);
  return h;
}
const hex8 = (h) => (h >>> 0).toString(16).padStart(8, '0');
const seedOf = (name) => digest(FNV_BASIS, Buffer.from(name)) >>> 0;

// ---- text helpers: generators work on arrays of code points (as strings) ----

const cps = (s) => [...s];
const utf8 = (s) => Buffer.from(s, 'utf8');
const dec = (n) => String(n);

// Mutations: positions count code points, as tests/unit/diff/gen.c counts characters.
function mutate(r, s, noise) {
  const a = cps(s);
  for (let ops = 1 + r.int(3); ops > 0; ops--) {
    const op = r.int(6);
    if (op === 0 || a.length === 0) {
      const at = r.int(a.length + 1);
      a.splice(at, 0, ...cps(r.pick(noise)));
    } else if (op === 1) {
      a.splice(r.int(a.length), 1);
    } else if (op === 2) {
      const at = r.int(a.length);
      a.splice(at, 1, ...cps(r.pick(noise)));
    } else if (op === 3) {
      const at = r.int(a.length);
      a.splice(at, 0, a[at]);
    } else if (op === 4) {
      a.length = r.int(a.length + 1);
    } else if (a.length > 1) {
      const at = r.int(a.length - 1);
      [a[at], a[at + 1]] = [a[at + 1], a[at]];
    }
  }
  return a.join('');
}

// ---- isIP ----

const HEX = '0123456789abcdefABCDEF';
const OCTET_EDGES = ['0', '1', '9', '10', '99', '100', '199', '200', '249', '250', '255', '256',
  '260', '299', '300', '999', '00', '01', '010', '0255', '1000', '-1', '+1', '', '0x1', '1e1'];
const GROUP_EDGES = ['0', '00', '000', '0000', 'ffff', 'FFFF', 'fFfF', '00000', '12345', 'fffff',
  'g', '', '0x1', ' 1'];
const ZONE_CHARS = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-.:';
const ZONE_BAD = ['%', '_', ' ', '/', '\u00e9', '\u{1F600}', '\x7f', '[', ']', '\n', '~'];
const IP_NOISE = ['0', '1', '9', 'a', 'f', 'F', 'g', 'G', 'x', ':', ':', '.', '.', '%', '-', ' ',
  '\t', '\n', '/', '[', ']', '_', '+', '::', '0x', '\u00e9', '\u20ac', '\u00a0', '\uff11',
  '\u{1F600}', '\x7f', '\x01', 'ffff', '::ffff:', '.0', '%eth0', '\u0661', '\u3002'];
const IP_EDGES = ['', ' ', '.', ':', '::', ':::', '%', '::%', '::%a', '0.0.0.0', '255.255.255.255',
  '::1', '1::', '::ffff:1.2.3.4', '1:2:3:4:5:6:7:8', '1:2:3:4:5:6:7::', '::2:3:4:5:6:7:8',
  '1:2:3:4:5:6:7:8::', '::1:2:3:4:5:6:7:8', '1:2:3:4:5:6:1.2.3.4', '1:2:3:4:5:6::1.2.3.4',
  '::1.2.3.4:1', 'fe80::1%eth0', 'fe80::1%', 'localhost', '[::1]', '::ffff:0:0', '1::2::3',
  '0:0:0:0:0:0:0:0', '00000::', 'ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255', '\uff11.2.3.4'];

function octet(r) {
  if (r.int(6) === 0) return r.pick(OCTET_EDGES);
  return dec(r.int(256));
}
function dottedQuad(r) {
  let n = 4;
  if (r.int(12) === 0) n = r.pick([3, 5]);
  const parts = [];
  for (let i = 0; i < n; i++) parts.push(octet(r));
  return parts.join('.');
}
function hexGroup(r) {
  if (r.int(10) === 0) return r.pick(GROUP_EDGES);
  let g = '';
  for (let n = 1 + r.int(4); n > 0; n--) g += r.pick(HEX);
  return g;
}
function groups(r, n) {
  const g = [];
  for (let i = 0; i < n; i++) g.push(hexGroup(r));
  return g;
}
function zone(r) {
  let z = '%';
  const n = r.int(8) === 0 ? 0 : 1 + r.int(8);
  for (let i = 0; i < n; i++) z += r.int(16) === 0 ? r.pick(ZONE_BAD) : r.pick(ZONE_CHARS);
  return z;
}
// IPv6 in every shape: full, "::" anywhere (standing for 0 groups too),
// a dotted-quad tail, group counts one off, mapped prefixes, zones.
function textV6(r) {
  const quad = r.int(4) === 0;
  let total = quad ? 6 : 8;
  if (r.int(10) === 0) total += r.pick([-1, 1]);
  let s;
  const shape = r.int(8);
  if (shape === 0) {
    s = groups(r, total).join(':');
    if (quad) s += ':' + dottedQuad(r);
  } else if (shape === 1) {
    s = r.pick(['::ffff:', '::FFFF:', '0:0:0:0:0:ffff:', '::', '::ffff:0:', '64:ff9b::']) +
      dottedQuad(r);
  } else {
    const zeros = r.int(total + 1);
    const head = r.int(total - zeros + 1);
    const tail = total - zeros - head;
    s = groups(r, head).join(':') + '::' + groups(r, tail).join(':');
    if (quad) s += (tail > 0 ? ':' : '') + dottedQuad(r);
  }
  if (r.int(5) === 0) s += zone(r);
  return s;
}
function randomText(r, alphabet, max) {
  let s = '';
  for (let n = r.int(max); n > 0; n--) s += r.pick(alphabet);
  return s;
}
function longIp(r) {
  const n = 1 + r.int(600);
  switch (r.int(6)) {
    case 0: return '1:'.repeat(n) + '1';
    case 1: return '::' + '1'.repeat(n);
    case 2: return '1.'.repeat(n) + '1';
    case 3: return '::1%' + 'a'.repeat(n);
    case 4: return '0'.repeat(n) + '.1.1.1';
    default: return textV6(r) + '%' + 'z'.repeat(n);
  }
}
function genIsip(r) {
  const k = r.int(20);
  let s;
  if (k < 6) s = textV6(r);
  else if (k < 9) s = dottedQuad(r);
  else if (k < 14) s = mutate(r, r.int(2) ? textV6(r) : dottedQuad(r), IP_NOISE);
  else if (k < 16) s = randomText(r, '0123456789abcdefABCDEFgx.:%[]', 16);
  else if (k === 16) s = r.pick(IP_EDGES);
  else if (k === 17) s = longIp(r);
  else if (k === 18) s = r.int(2) ? '[' + textV6(r) + ']' : dottedQuad(r) + ':' + dec(r.int(70000));
  else s = mutate(r, r.pick(['::ffff:', '::', 'fe80::', '1::']) + dottedQuad(r), IP_NOISE);
  return utf8(s);
}
function answerIsip(input) {
  const s = input.toString('utf8');
  return Buffer.from(`${isIP(s)}${isIPv4(s) ? 1 : 0}${isIPv6(s) ? 1 : 0}`);
}

// ---- SocketAddress.parse: "http://" + input through the URL parser ----

const URL_V4_EDGES = [0, 255, 256, 65535, 65536, 16777215, 16777216, 4294967295];
const PORT_EDGES = [':80', ':0', ':65535', ':65536', ':080', ':0080', ':+1', ': 1', ':1a',
  ':99999999999', ':-1', ':00000000000000000001'];
const URL_PREFIXES = ['user@', 'a:b@', '@', '//', '\\\\', '/', ' ', '\t', 'http://', '\x01',
  'a@b@', '[', ':@'];
const URL_SUFFIXES = ['/', '/path', '?q=1', '#frag', '\\x', ' ', '\n', '\t', '\x7f', '@', ':',
  '.', '%', '%2'];
const URL_NOISE = ['0', '1', '9', 'x', 'X', 'f', '.', '.', ':', '[', ']', '@', '/', '\\', '?', '#',
  '%', '%2e', '%31', ' ', '\t', '\x01', '\u3002', '\uff0e', '\uff11', '\u00ad', '\u200b',
  '\ufe0f', '\u00e9', 'a', '%zz', '%00'];
// One part of the WHATWG IPv4 forms: decimal, octal, hex, too big, empty.
function urlPart(r) {
  let v;
  switch (r.int(6)) {
    case 0: v = r.int(256); break;
    case 1: v = r.int(65536); break;
    case 2: v = r.int(1 << 20) * 16 + r.int(16); break;
    case 3: v = r.u32(); break;
    case 4: v = r.pick(URL_V4_EDGES); break;
    default: v = 4294967296 + r.int(1000); break;
  }
  switch (r.int(8)) {
    case 0: return '0' + v.toString(8);
    case 1: return '0x' + v.toString(16);
    case 2: return '0X' + v.toString(16).toUpperCase();
    case 3: if (r.int(4) === 0) return ''; return dec(v);
    default: return dec(v);
  }
}
function urlV4(r) {
  const parts = [];
  for (let n = 1 + r.int(5); n > 0; n--) parts.push(urlPart(r));
  let s = parts.join('.');
  if (r.int(8) === 0) s += '.';
  return s;
}
// Digits made fullwidth or percent-encoded, dots made ideographic, and
// characters UTS #46 maps to nothing.
function unicodeV4(r) {
  const a = cps(r.int(2) ? dottedQuad(r) : urlV4(r));
  for (let i = 0; i < a.length; i++) {
    const k = r.int(8);
    if (k === 0 && a[i] >= '0' && a[i] <= '9') a[i] = String.fromCodePoint(0xff10 + a[i].charCodeAt(0) - 48);
    else if (k === 1 && a[i] === '.') a[i] = r.pick(['\u3002', '\uff0e', '\uff61', '%2e', '%2E']);
    else if (k === 2 && a[i] >= '0' && a[i] <= '9') a[i] = '%3' + a[i];
    else if (k === 3) a[i] = r.pick(['\u00ad', '\u200b', '\ufe0f', '\u180b', '\u034f', '\u2060', '\ufeff']) + a[i];
  }
  return a.join('');
}
function genParse(r) {
  let host;
  const k = r.int(10);
  if (k < 4) host = urlV4(r);
  else if (k < 7) host = '[' + textV6(r) + ']';
  else if (k === 7) host = textV6(r);
  else if (k === 8) host = unicodeV4(r);
  else host = randomText(r, '0123456789.:[]xXabcdefABCDEF%@/\\?# ', 14);
  let port = '';
  switch (r.int(8)) {
    case 0: case 1: break;
    case 2: port = ':'; break;
    case 3: port = ':' + dec(r.int(70000)); break;
    case 4: port = r.pick(PORT_EDGES); break;
    case 5: port = ':' + dec(r.int(100)); break;
    case 6: port = ':' + dec(r.int(65536)); break;
    default: port = ':443'; break;
  }
  let s = host + port;
  if (r.int(8) === 0) s = r.pick(URL_PREFIXES) + s;
  if (r.int(8) === 0) s += r.pick(URL_SUFFIXES);
  if (r.int(16) === 0) {
    const a = cps(s);
    const at = r.int(a.length + 1);
    a.splice(at, 0, r.pick(['\t', '\n', '\r']));
    s = a.join('');
  }
  if (r.int(6) === 0) s = mutate(r, s, URL_NOISE);
  return utf8(s);
}
function answerParse(input) {
  const sa = SocketAddress.parse(input.toString('utf8'));
  if (sa === undefined) return Buffer.from('undefined');
  return utf8(`${sa.address} ${sa.port} ${sa.family} ${sa.flowlabel}`);
}

// ---- BlockList: blocklist_ops.js ----

// ---- StringDecoder over random chunkings, and Buffer.from(string, enc) ----

const UTF8_LEADS = [0xe0, 0xed, 0xf0, 0xf4, 0xc0, 0xc1, 0xc2, 0xdf, 0xf5, 0xf8, 0xff];
const UTF8_SECONDS = [0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf];
const UTF8_BAD = [[0xed, 0xa0, 0x80], [0xed, 0xbf, 0xbf], [0xf4, 0x90, 0x80, 0x80], [0xc0, 0x80],
  [0xe0, 0x80, 0x80], [0xf0, 0x80, 0x80, 0x80], [0xef, 0xbf, 0xbd], [0xf0, 0x9f, 0x98],
  [0xe2, 0x82], [0xf8, 0x88, 0x80, 0x80, 0x80]];
const CP_EDGES = [0x800, 0xfff, 0x20ac, 0xd7ff, 0xe000, 0xfffd, 0xfffe, 0xffff, 0xfeff, 0x7ff,
  0x80];
function codePoint(r) {
  switch (r.int(6)) {
    case 0: return 0x20 + r.int(0x5f);
    case 1: return 0x80 + r.int(0x780);
    case 2: return r.pick(CP_EDGES);
    case 3: return 0x800 + r.int(0xd000);
    case 4: return r.int(2) ? r.pick([0x10000, 0x1f600, 0x10ffff]) : 0x10000 + r.int(0x100000);
    default: return r.int(0x80);
  }
}
const cpBytes = (c) => [...utf8(String.fromCodePoint(c))];
function utf8Bytes(r, n) {
  const out = [];
  while (out.length < n) {
    switch (r.int(8)) {
      case 0: out.push(0x80 + r.int(0x40)); break;
      case 1: out.push(0xc0 + r.int(0x40)); break;
      case 2: { const a = r.pick(UTF8_LEADS); out.push(a, r.pick(UTF8_SECONDS)); break; }
      case 3: out.push(r.int(0x80)); break;
      case 4: out.push(...r.pick(UTF8_BAD)); break;
      default: out.push(...cpBytes(codePoint(r))); break;
    }
  }
  return out;
}
function utf16Bytes(r, n) {
  const out = [];
  const unit = (u) => out.push(u & 0xff, u >>> 8);
  while (out.length < n) {
    switch (r.int(7)) {
      case 0: unit(0xd800 + r.int(0x400)); break;
      case 1: unit(0xdc00 + r.int(0x400)); break;
      case 2: out.push(r.int(256)); break;
      case 3: unit(r.int(0x80)); break;
      case 4: { const hi = 0xd800 + r.int(0x400); unit(hi); unit(0xdc00 + r.int(0x400)); break; }
      default: {
        const c = codePoint(r);
        if (c < 0x10000) { unit(c); break; }
        unit(0xd800 + ((c - 0x10000) >>> 10));
        unit(0xdc00 + ((c - 0x10000) & 0x3ff));
      }
    }
  }
  return out;
}
function anyBytes(r, n) {
  const out = [];
  for (let i = 0; i < n; i++) {
    switch (r.int(5)) {
      case 0: out.push(r.int(256)); break;
      case 1: out.push(0x80 + r.int(0x80)); break;
      case 2: out.push(r.int(0x80)); break;
      case 3: out.push(0); break;
      default: out.push(0xff); break;
    }
  }
  return out;
}
function byteCount(r) {
  switch (r.int(10)) {
    case 0: return r.int(4);
    case 8: return r.int(200);
    case 9: return 200 + r.int(1000);
    default: return r.int(40);
  }
}
// An input: "N:" then the N chunks in hex, joined by '|'.
function genDecode(r, enc) {
  const n = byteCount(r);
  const bytes = enc === 'utf8' ? utf8Bytes(r, n) : enc === 'utf16le' ? utf16Bytes(r, n) : anyBytes(r, n);
  const chunks = [];
  for (let at = 0; at < bytes.length;) {
    let c;
    const k = r.int(20);
    if (k === 0) c = 0;
    else if (k < 16) c = 1 + r.int(5);
    else if (k < 19) c = 1 + r.int(20);
    else c = 1 + r.int(400);
    chunks.push(Buffer.from(bytes.slice(at, at + c)));
    at += c;
  }
  if (r.int(8) === 0) chunks.push(Buffer.alloc(0));
  return Buffer.from(`${chunks.length}:` + chunks.map((c) => c.toString('hex')).join('|'));
}
// The answer: each write()'s text and end()'s, as "LEN:" and the UTF-8.
function answerDecode(input, enc) {
  const s = input.toString('latin1');
  const body = s.slice(s.indexOf(':') + 1);
  const n = Number(s.slice(0, s.indexOf(':')));
  const chunks = n === 0 ? [] : body.split('|').map((h) => Buffer.from(h, 'hex'));
  const d = new StringDecoder(enc);
  const parts = [];
  const put = (text) => { const b = utf8(text); parts.push(Buffer.from(`${b.length}:`), b); };
  for (const c of chunks) put(d.write(c));
  put(d.end());
  return Buffer.concat(parts);
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64_JUNK = [' ', '\n', '\t', '=', '==', '-', '_', '+', '/', '.', '*', '\u00a0', '\u0141',
  '\u0100', '\u3d3d', '\u{1F600}', '%', 'A===', '\r\n'];
const HEX_JUNK = ['g', 'x', ' ', '0', 'F', 'Z', '\u0162', '\u0130', '00', '\u0a30', '-', '\n'];
const TEXT_JUNK = ['\u0100', '\u0141', '\u00ff', '\u00e9', '\u20ac', '\u{1F600}', '\ufffd', 'A',
  '\x7f', '\x80', '\u0080'];
function randomCodePoints(r, n) {
  let s = '';
  for (let i = 0; i < n; i++) s += String.fromCodePoint(codePoint(r));
  return s;
}
// Edits that matter to the decoders: junk, deletions, characters whose low
// byte is meaningful (Node reads the low byte of each code unit).
function mangle(r, s, junk) {
  const a = cps(s);
  for (let edits = r.int(4); edits > 0; edits--) {
    const op = r.int(6);
    if (op === 0 || a.length === 0) {
      const at = r.int(a.length + 1);
      a.splice(at, 0, ...cps(r.pick(junk)));
    } else if (op === 1) {
      a.splice(r.int(a.length), 1);
    } else if (op === 2) {
      const at = r.int(a.length + 1);
      a.splice(at, 0, String.fromCodePoint(codePoint(r)));
    } else if (op === 3) {
      const at = r.int(a.length + 1);
      let c = 0x100 + r.int(0xff00);
      if (c >= 0xd800 && c < 0xe000) c += 0x800;
      a.splice(at, 0, String.fromCodePoint(c));
    } else if (op === 4) {
      const at = r.int(a.length);
      if (a[at] >= 'a' && a[at] <= 'z') a[at] = a[at].toUpperCase();
    } else {
      const at = r.int(a.length);
      a.splice(at, 1, ...cps(r.pick(junk)));
    }
  }
  return a.join('');
}
function base64Of(bytes, url) {
  const s = Buffer.from(bytes).toString('base64');
  return url ? s.replace(/\+/g, '-').replace(/\//g, '_') : s;
}
function encodeText(r, enc) {
  const k = r.int(10);
  if (k < 4) return utf8(randomCodePoints(r, r.int(24)));
  if (k < 6) return Buffer.from(utf8Bytes(r, r.int(24)).map((b) => b || 0x30)); // no NUL: C text
  if (k < 9) {
    let s;
    if (enc === 'base64' || enc === 'base64url') {
      const url = r.int(2) === 1;
      s = mangle(r, base64Of(anyBytes(r, r.int(30)), url), B64_JUNK);
    } else if (enc === 'hex') {
      s = mangle(r, Buffer.from(anyBytes(r, r.int(20))).toString('hex'), HEX_JUNK);
    } else {
      s = mangle(r, randomCodePoints(r, r.int(16)), TEXT_JUNK);
    }
    return utf8(s);
  }
  // Long text takes another path in Buffer.from (sized by byteLength first).
  const bytes = anyBytes(r, 1000 + r.int(3000));
  if (enc === 'hex') return utf8(mangle(r, Buffer.from(bytes).toString('hex'), HEX_JUNK));
  const url = r.int(2) === 1;
  return utf8(mangle(r, base64Of(bytes, url), B64_JUNK));
}
function answerEncode(input, enc) {
  return Buffer.from(input.toString('utf8'), enc);
}

// ---- categories ----

const CATEGORIES = new Map([
  ['isip', { make: () => ({ gen: genIsip, answer: answerIsip }) }],
  ['parse', { make: () => ({ gen: genParse, answer: answerParse }) }],
  ['blocklist', {
    make: () => {
      const st = new ListState(), ctx = {};
      return { gen: (r) => genBlocklist(r, st), answer: (i) => answerBlocklist(i, ctx) };
    },
  }],
  ...ENCODINGS.map((e) => [`decode-${e}`,
    { make: () => ({ gen: (r) => genDecode(r, e), answer: (i) => answerDecode(i, e) }) }]),
  ...ENCODINGS.map((e) => [`encode-${e}`,
    { make: () => ({ gen: (r) => encodeText(r, e), answer: (i) => answerEncode(i, e) }) }]),
]);

// Runs a category: each(index, input, answer). Answers every input, since
// a BlockList answer depends on the operations before it.
function run(name, count, each) {
  const cat = CATEGORIES.get(name);
  if (!cat) throw new Error(`unknown category ${name}`);
  const r = new Rng(seedOf(name));
  const { gen, answer } = cat.make();
  for (let i = 0; i < count; i++) {
    const input = gen(r);
    each(i, input, answer(input));
  }
}

// The digest lines of a category's first `count` inputs.
function digestLines(name, count) {
  const lines = [];
  let inputs = FNV_BASIS, block = FNV_BASIS, blocks = [];
  const flushBlock = () => { blocks.push(hex8(block)); block = FNV_BASIS; };
  const flushLine = () => { lines.push([hex8(inputs), ...blocks].join(' ')); inputs = FNV_BASIS; blocks = []; };
  run(name, count, (i, input, answer) => {
    inputs = digest(inputs, input);
    block = digest(block, answer);
    if ((i + 1) % BLOCK === 0 || i + 1 === count) flushBlock();
    if ((i + 1) % (BLOCK * LINE) === 0 || i + 1 === count) flushLine();
  });
  return lines;
}

const fileOf = (name) => path.join(__dirname, `${name}.txt`);
const header = (name) => [
  `# cnet differential testing: Node ${process.version}'s answers, recorded by gen_diff.js`,
  `cnet-diff ${name} ${COUNT} ${BLOCK} ${LINE}`];

function escape(buf) {
  let s = '';
  for (const b of buf) {
    s += b >= 0x20 && b < 0x7f && b !== 0x5c ? String.fromCharCode(b)
      : '\\x' + b.toString(16).padStart(2, '0');
  }
  return s;
}

function main(argv) {
  const long = process.env.CNET_LONG && process.env.CNET_LONG !== '0';
  let limit = argv[0] === 'check' && !long ? SLICE : COUNT;
  const at = argv.indexOf('--inputs');
  if (at >= 0) { limit = Math.min(COUNT, Number(argv[at + 1])); argv.splice(at, 2); }
  const [cmd, ...rest] = argv;
  const names = rest.length ? rest : [...CATEGORIES.keys()];
  if (cmd === 'record') {
    if (process.version !== 'v23.5.0') throw new Error('record under Node v23.5.0 (node-oracle)');
    for (const name of names) {
      fs.writeFileSync(fileOf(name), [...header(name), ...digestLines(name, COUNT)].join('\n') + '\n');
      console.log(`${name}: ${COUNT} inputs recorded`);
    }
  } else if (cmd === 'check') {
    let bad = 0;
    for (const name of names) {
      const stored = fs.readFileSync(fileOf(name), 'utf8').split('\n').filter((l) => /^[0-9a-f]{8}( |$)/.test(l));
      const fresh = digestLines(name, limit);
      // Only whole lines can be compared, and the last line when it is complete.
      const whole = limit === COUNT ? fresh.length : Math.floor(limit / (BLOCK * LINE));
      let diff = limit === COUNT && stored.length !== fresh.length ? 1 : 0;
      for (let i = 0; i < whole; i++) {
        if (fresh[i] === stored[i]) continue;
        if (diff++ < 5) console.log(`${name}: line ${i + 1} (inputs from ${i * BLOCK * LINE}) differs`);
      }
      const compared = Math.min(limit, whole * BLOCK * LINE);
      console.log(`${name}: ${compared} inputs, ${diff} lines differ from ${name}.txt`);
      bad += diff;
    }
    process.exitCode = bad ? 1 : 0;
  } else if (cmd === 'show' && rest.length === 3) {
    const first = Number(rest[1]), n = Number(rest[2]);
    const out = [];
    run(rest[0], Math.min(first + n, COUNT), (i, input, answer) => {
      if (i >= first) out.push(`${i}\t${escape(input)}\t${escape(answer)}`);
    });
    process.stdout.write(out.join('\n') + (out.length ? '\n' : ''));
  } else {
    console.error('usage: gen_diff.js record|check [CATEGORY...] | show CATEGORY FIRST COUNT');
    process.exitCode = 2;
  }
}

main(process.argv.slice(2));
