'use strict';
// Test vectors for cnet_is_ip(): what Node v23.5.0's net.isIP() answers.
//
//   /work/shared/tools/node-oracle tests/vectors/gen_isip.js > tests/vectors/isip.txt
//
// One case a line: "<isIP result> <input as hex bytes of its UTF-8>", so any
// byte is safe in the file. The PRNG is seeded, so the output is the same on
// every run. No input holds a NUL: a C string cannot carry one.

const net = require('net');

// mulberry32: small, deterministic, good enough to spread cases around.
let seed = 0x15a9c0de;
function rand() {
  seed = (seed + 0x6d2b79f5) >>> 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const int = (n) => Math.floor(rand() * n);
const pick = (a) => a[int(a.length)];

const cases = new Map(); // input -> result, in insertion order, without repeats
function add(s) {
  if (s.includes('\0') || cases.has(s)) return;
  cases.set(s, net.isIP(s));
}

// Hand-picked edge cases.
[
  '', ' ', '.', ':', '::', ':::', '%', '::%', '::%a', '::%%a', '::%a%',
  '0.0.0.0', '255.255.255.255', '256.0.0.0', '1.2.3', '1.2.3.4.5', '1.2.3.', '.1.2.3',
  '01.2.3.4', '1.02.3.4', '1.2.3.04', '00.0.0.0', '1.2.3.4 ', ' 1.2.3.4', '1.2.3.4\n',
  '1..2.3', '1.2.3.4%eth0', '1.2.3.-4', '+1.2.3.4', '0x1.2.3.4', '1e2.1.1.1',
  '199.199.199.199', '200.249.250.255', '249.0.0.1', '260.0.0.1', '300.0.0.1', '1000.0.0.1',
  '::1', '1::', '::ffff:1.2.3.4', '::ffff:01.2.3.4', '::ffff:256.2.3.4', '1:2:3:4:5:6:7:8',
  '1:2:3:4:5:6:7::', '::2:3:4:5:6:7:8', '1:2:3:4:5:6:7:8::', '::1:2:3:4:5:6:7:8',
  '1:2:3:4:5:6:1.2.3.4', '1:2:3:4:5::1.2.3.4', '1:2:3:4:5:6::1.2.3.4', '::1.2.3.4',
  '1.2.3.4::', '1.2.3.4:1::', '::1.2.3.4:1', '1:2:3:4:5:6:7:1.2.3.4',
  'fe80::1%eth0', 'fe80::1%', 'fe80::1%eth0%1', 'fe80::1%a-b.c:d', 'fe80::1%a_b',
  'fe80::1%1', 'FE80::ABCD:EF01', 'fe80::abcd:ef01', 'fe80::abcg', '12345::', '::12345',
  '1:2', ':1', '1:', '::1::', '1::2::3', ':1::', '::1:', '1:::2', 'g::', '::g',
  '[::1]', '[::1]:80', '127.0.0.1:80', 'localhost', 'example.com', '::ffff:0:0',
  '0:0:0:0:0:0:0:0', '0000:0000:0000:0000:0000:0000:0000:0000', '00000::',
  'ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255', '::ffff:1.2.3.4%eth0',
  '::%eth0', '1::%eth0', '::1 ', ' ::1', '::1\t', '１.２.３.４', '١.٢.٣.٤',
  '1.2.3.４', '::１', '::ｆ', 'fe80::1%ｅth0', 'é', '::é', '1.2.3.é', '😀', '::1%😀',
].forEach(add);

// Every group count around every "::" position, with and without a dotted quad.
const hexDigits = '0123456789abcdefABCDEF';
function hexGroup() {
  let g = '';
  for (let n = 1 + int(4); n > 0; n--) g += pick(hexDigits);
  return g;
}
function octet() {
  return String(rand() < 0.5 ? pick([0, 1, 9, 10, 99, 100, 199, 200, 249, 250, 255]) : int(256));
}
function dottedQuad() {
  return [octet(), octet(), octet(), octet()].join('.');
}
function groups(n) {
  return Array.from({ length: n }, hexGroup);
}
for (let head = 0; head <= 9; head++) {
  for (let tail = 0; tail <= 9; tail++) {
    for (const quad of [false, true]) {
      const h = groups(head).join(':');
      const t = groups(tail).concat(quad ? [dottedQuad()] : []).join(':');
      add(`${h}::${t}`);
      if (tail === 0) add([...groups(head), ...(quad ? [dottedQuad()] : [])].join(':'));
    }
  }
}

// Random valid addresses: IPv4, and IPv6 in every shape.
const zoneChars = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-.:';
function zone() {
  let z = '%';
  for (let n = 1 + int(8); n > 0; n--) z += pick(zoneChars);
  return z;
}
function validV6() {
  const quad = rand() < 0.3;
  const total = quad ? 6 : 8; // hex groups the address stands for
  let s;
  if (rand() < 0.2) {
    s = groups(total).join(':');
  } else {
    const zeros = 1 + int(total); // groups "::" stands for
    const head = int(total - zeros + 1);
    const tail = total - zeros - head;
    s = groups(head).join(':') + '::' + groups(tail).join(':');
    if (quad && tail > 0) s += ':';
  }
  if (quad) s += dottedQuad();
  if (rand() < 0.2) s += zone();
  return s;
}
const valid = [];
for (let i = 0; i < 1500; i++) valid.push(dottedQuad());
for (let i = 0; i < 2500; i++) valid.push(validV6());
valid.forEach(add);

// Mutations of valid addresses: insert, delete or replace a few characters.
const noise = [
  ...'0123456789', ...'abcdefABCDEF', 'g', 'G', 'z', ':', ':', '.', '.', '%', '-', ' ',
  '\t', '\n', '/', '[', ']', '_', '+', 'é', '€', '\u00a0', '１', '😀', '\x7f',
];
function mutate(s) {
  const chars = [...s];
  for (let n = 1 + int(3); n > 0; n--) {
    const at = int(chars.length + 1);
    const op = int(3);
    if (op === 0 || chars.length === 0) chars.splice(at, 0, pick(noise));
    else if (op === 1) chars.splice(Math.min(at, chars.length - 1), 1);
    else chars[Math.min(at, chars.length - 1)] = pick(noise);
  }
  return chars.join('');
}
for (let i = 0; i < 5000; i++) add(mutate(pick(valid)));

// Short random strings over the characters that matter.
const near = '0123456789abcdefg.:%';
for (let i = 0; i < 1000; i++) {
  let s = '';
  for (let n = int(12); n > 0; n--) s += pick(near);
  add(s);
}

// Long inputs: a parser must neither overrun nor give up on them.
add('1:'.repeat(2000) + '1');
add('::' + '1'.repeat(5000));
add('1.'.repeat(3000) + '1');
add('::1%' + 'a'.repeat(10000));
add('::1%' + 'a'.repeat(10000) + '%');
add('9'.repeat(4000) + '.1.1.1');

const out = [];
for (const [s, r] of cases) out.push(`${r} ${Buffer.from(s, 'utf8').toString('hex')}`);
process.stdout.write(out.join('\n') + '\n');
