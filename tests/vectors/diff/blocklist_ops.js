'use strict';
// BlockList operations for gen_diff.js, on lists of 0 to 3000 rules; the
// C twin is tests/unit/diff/gen_blocklist.c.
//
// An input is one operation, fields joined by '|' ("~" alone: undefined):
//   new | rules | address|A|F | range|S|E|F | subnet|N|P|F | check|A|F
//   rangesa|S|E | addresssa|A | subnetsa|N|P | checksa|A
// where the *sa forms pass new SocketAddress({address, family}) of the
// family the address has. Addresses are made as numbers (8 groups of 16
// bits; an IPv4 one in the last two) and written in many forms; checks probe
// the edges of recent rules, in the other family's form too.

const { BlockList, SocketAddress } = require('net');

const dec = (n) => String(n);
const utf8 = (s) => Buffer.from(s, 'utf8');
function hexGroups(g, upper) {
  return g.map((x) => (upper ? x.toString(16).toUpperCase() : x.toString(16)));
}

const LIST_SIZES = [0, 1, 2, 3, 5, 8, 13, 20, 50, 100, 300, 1000, 3000];
const V4_EDGES = [0, 0xffffffff, 0x7f000001, 0x0a000000, 0x0affffff, 0x80000000, 0x7fffffff,
  0xc0a800ff, 0x01010101];
const V6_EDGES = [[0, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 1],
  [0, 0, 0, 0, 0, 0xfffe, 0xffff, 0xffff], [0, 0, 0, 0, 1, 0, 0, 0],
  [0, 0, 0, 0, 0, 0xffff, 0, 0], [0, 0, 0, 0, 0, 0xffff, 0xffff, 0xffff],
  [0xffff, 0xffff, 0xffff, 0xffff, 0xffff, 0xffff, 0xffff, 0xffff],
  [0, 0, 0, 0, 1, 0xffff, 0, 0], [0x64, 0xff9b, 0, 0, 0, 0, 0x0a00, 1],
  [0x8000, 0, 0, 0, 0, 0, 0, 0]];
const BAD_ADDRESSES = ['', 'x', '1.2.3', '01.2.3.4', '1.2.3.4.5', '::g', '1::2::3', '256.1.1.1',
  ' 1.2.3.4', 'fe80::1%', 'localhost', '1.2.3.4 ', '[::1]', '0x7f.1', '127.1', '::ffff:256.0.0.1',
  '1:2:3:4:5:6:7:8:9', '::ffff:1.2.3', '\u00e9', '12345::', '1.2.3.4%eth0', '::1 '];
const BAD_FAMILIES = ['ipv5', '', 'ipv4 ', 'IPv', 'ipv66', 'x', '6', '4', '\u0130pv4',
  '\u0131pv6', 'ipv\u0664'];
const ZONES = ['eth0', 'lo', '1', 'x-y.z'];

const v4of = (g) => ((g[6] << 16) | g[7]) >>> 0;
function fromV4(v) { return [0, 0, 0, 0, 0, 0, v >>> 16, v & 0xffff]; }
const isMapped = (g) => g[0] === 0 && g[1] === 0 && g[2] === 0 && g[3] === 0 && g[4] === 0 &&
  g[5] === 0xffff;

function valueV4(r) {
  switch (r.int(7)) {
    case 0: { const x = r.int(4); return (0x0a000000 | (x << 8) | r.int(256)) >>> 0; }
    case 1: { const x = r.int(3); return (0x0a000000 | (x << 16) | r.int(65536)) >>> 0; }
    case 2: { const x = r.int(2); return (0xc0a80000 | (x << 8) | r.int(256)) >>> 0; }
    case 3: return r.u32();
    case 4: return r.pick(V4_EDGES);
    case 5: return (0x7f000000 | r.int(4)) >>> 0;
    default: { const x = r.int(256); return ((x << 24) | r.int(4)) >>> 0; }
  }
}
function valueV6(r) {
  switch (r.int(8)) {
    case 0: { const g = fromV4(valueV4(r)); g[5] = 0xffff; return g; }
    case 1: { const x = r.int(3); return [0x2001, 0xdb8, 0, 0, 0, 0, x, r.int(65536)]; }
    case 2: { const x = r.int(2); return [0x2001, 0xdb8, x, 0, 0, 0, 0, r.int(65536)]; }
    case 3: { const x = r.int(3) ? r.int(16) : r.int(65536); return [0, 0, 0, 0, 0, 0, 0, x]; }
    case 4: return r.pick(V6_EDGES).slice();
    case 5: { const g = []; for (let i = 0; i < 8; i++) g.push(r.int(65536)); return g; }
    case 6: {
      const x = r.pick([0, 0xffff, 0xfffe, 1]);
      const y = r.int(65536);
      return [0, 0, 0, 0, 0, x, y, r.int(65536)];
    }
    default: return [0xfe80, 0, 0, 0, 0, 0, 0, r.int(65536)];
  }
}
// {fam, g}: fam 4 keeps its address in g[6], g[7].
function value(r, fam) { return fam === 4 ? { fam, g: fromV4(valueV4(r)) } : { fam, g: valueV6(r) }; }

const dotted = (v) => `${v >>> 24}.${(v >>> 16) & 255}.${(v >>> 8) & 255}.${v & 255}`;
// The longest run of two or more zero groups, the first of equal ones.
function zeroRun(g) {
  let best = -1, bestLen = 1;
  for (let i = 0; i < 8;) {
    if (g[i] !== 0) { i++; continue; }
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen) { best = i; bestLen = j - i; }
    i = j;
  }
  return [best, bestLen];
}
function compressed(g) {
  const [at, len] = zeroRun(g);
  const h = hexGroups(g, false);
  if (at < 0) return h.join(':');
  return h.slice(0, at).join(':') + '::' + h.slice(at + len).join(':');
}
function writeV6(r, g) {
  switch (r.int(6)) {
    case 0: return hexGroups(g, false).join(':');
    case 1: return hexGroups(g, true).join(':');
    case 2: return compressed(g);
    case 3: return g.map((x) => x.toString(16).padStart(4, '0')).join(':');
    case 4: { // the last two groups as a dotted quad
      let head;
      if (g[0] || g[1] || g[2] || g[3] || g[4]) head = hexGroups(g.slice(0, 6), false).join(':') + ':';
      else head = g[5] ? `::${g[5].toString(16)}:` : '::';
      return head + dotted(v4of(g));
    }
    default: return compressed(g) + '%' + r.pick(ZONES);
  }
}
function writeAddr(r, a) { return a.fam === 4 ? dotted(v4of(a.g)) : writeV6(r, a.g); }

function familyArg(r, fam) {
  switch (r.int(16)) {
    case 0: return '~';
    case 1: return r.pick(BAD_FAMILIES);
    case 2: return fam === 4 ? 'IPV4' : 'IPV6';
    case 3: return fam === 4 ? 'IPv4' : 'IPv6';
    case 4: return fam === 4 ? 'ipv6' : 'ipv4';
    default: return fam === 4 ? 'ipv4' : 'ipv6';
  }
}
function addressArg(r, a) {
  switch (r.int(24)) {
    case 0: return '~';
    case 1: return r.pick(BAD_ADDRESSES);
    default: return writeAddr(r, a);
  }
}
// a + d on the low 32 bits, clamped.
function plus(a, d) {
  const g = a.g.slice();
  const low = Math.min(Math.max(v4of(g) + d, 0), 0xffffffff);
  g[6] = low >>> 16;
  g[7] = low & 0xffff;
  return { fam: a.fam, g };
}
function rangeEnds(r, fam) {
  const s = value(r, fam);
  let d;
  switch (r.int(4)) {
    case 0: d = 0; break;
    case 1: d = r.int(16); break;
    case 2: d = r.int(65536); break;
    default: d = r.u32(); break;
  }
  let e = plus(s, d);
  if (fam === 6 && r.int(4) === 0) e.g[5] = Math.min(e.g[5] + 1 + r.int(2), 0xffff);
  return r.int(5) === 0 ? [e, s] : [s, e];
}
function prefixArg(r, fam) {
  switch (r.int(12)) {
    case 0: return r.pick([-1, 33, 129, 1000, -1000, 2147483647, -2147483648]);
    case 1: return r.pick([0, 1, 31, 32]);
    case 2: return r.pick([95, 96, 97, 127, 128, 0, 64, 80]);
    default: return fam === 4 ? r.int(33) : r.int(129);
  }
}

class ListState {
  constructor() {
    this.phase = 0;      // 0: a new list next, 1: rules, 2: checks
    this.rulesLeft = 0;
    this.checksLeft = 0;
    this.between = 0;    // checks before the next rule, in short lists
    this.small = false;
    this.recent = [];    // the last 16 rule end points
  }
  remember(a) {
    if (this.recent.length === 16) this.recent.shift();
    this.recent.push(a);
  }
}

function ruleOp(r, st) {
  const fam = r.int(2) ? 4 : 6;
  const k = r.int(12);
  if (k < 3) {
    const a = value(r, fam);
    st.remember(a);
    const text = addressArg(r, a);
    return ['address', text, familyArg(r, fam)];
  }
  if (k < 6) {
    const [s, e] = rangeEnds(r, fam);
    st.remember(s);
    st.remember(e);
    const ts = addressArg(r, s);
    const te = addressArg(r, e);
    return ['range', ts, te, familyArg(r, fam)];
  }
  if (k < 9) {
    const a = value(r, fam);
    st.remember(a);
    const text = addressArg(r, a);
    const p = prefixArg(r, fam);
    return ['subnet', text, dec(p), familyArg(r, fam)];
  }
  if (k === 9) { // ends of either family: the cross-family comparisons
    const s = value(r, fam);
    const e = r.int(2) ? value(r, r.int(2) ? 4 : 6) : plus(s, r.int(65536));
    st.remember(s);
    st.remember(e);
    const ts = writeAddr(r, s);
    return ['rangesa', ts, writeAddr(r, e)];
  }
  const a = value(r, fam);
  st.remember(a);
  if (k === 10) return ['addresssa', writeAddr(r, a)];
  const text = writeAddr(r, a);
  return ['subnetsa', text, dec(prefixArg(r, fam))];
}
function checkOp(r, st) {
  const k = r.int(20);
  if (k === 0) return ['check', r.pick(BAD_ADDRESSES), familyArg(r, r.int(2) ? 4 : 6)];
  if (k === 1) return ['checksa', writeAddr(r, value(r, r.int(2) ? 4 : 6))];
  let a;
  if (k < 10 && st.recent.length > 0) {
    a = plus(r.pick(st.recent), r.int(3) - 1);
  } else {
    a = value(r, r.int(2) ? 4 : 6);
  }
  // The other family's form: IPv4 as ::ffff:a.b.c.d, a mapped IPv6 as IPv4.
  if (r.int(4) === 0) {
    if (a.fam === 4) a = { fam: 6, g: [0, 0, 0, 0, 0, 0xffff, a.g[6], a.g[7]] };
    else if (isMapped(a.g)) a = { fam: 4, g: fromV4(v4of(a.g)) };
  }
  const text = writeAddr(r, a);
  return ['check', text, familyArg(r, a.fam)];
}
function genBlocklist(r, st) {
  let op;
  if (st.phase === 0) {
    const n = r.pick(LIST_SIZES);
    st.rulesLeft = n;
    st.small = n <= 20;
    st.between = 0;
    st.recent = [];
    st.phase = 1;
    op = ['new'];
  } else if (st.phase === 1 && st.between > 0) {
    st.between--;
    op = checkOp(r, st);
  } else if (st.phase === 1 && st.rulesLeft > 0) {
    st.rulesLeft--;
    if (st.small) st.between = 3;
    op = ruleOp(r, st);
  } else if (st.phase === 1) {
    st.phase = 2;
    st.checksLeft = 50 + r.int(500);
    op = checkOp(r, st);
  } else if (st.checksLeft > 0) {
    st.checksLeft--;
    op = checkOp(r, st);
  } else {
    st.phase = 0;
    op = ['rules'];
  }
  return utf8(op.join('|'));
}

const arg = (s) => (s === '~' ? undefined : s);
function saOf(text) {
  return new SocketAddress({ address: text, family: text.includes(':') ? 'ipv6' : 'ipv4' });
}
function answerBlocklist(input, ctx) {
  const f = input.toString('utf8').split('|');
  let out;
  try {
    switch (f[0]) {
      case 'new': ctx.list = new BlockList(); out = 'ok'; break;
      case 'rules': out = [ctx.list.rules.length, ...ctx.list.rules].join('\n'); break;
      case 'address': ctx.list.addAddress(arg(f[1]), arg(f[2])); out = 'ok'; break;
      case 'range': ctx.list.addRange(arg(f[1]), arg(f[2]), arg(f[3])); out = 'ok'; break;
      case 'subnet': ctx.list.addSubnet(arg(f[1]), Number(f[2]), arg(f[3])); out = 'ok'; break;
      case 'check': out = ctx.list.check(arg(f[1]), arg(f[2])) ? '1' : '0'; break;
      case 'rangesa': ctx.list.addRange(saOf(f[1]), saOf(f[2])); out = 'ok'; break;
      case 'addresssa': ctx.list.addAddress(saOf(f[1])); out = 'ok'; break;
      case 'subnetsa': ctx.list.addSubnet(saOf(f[1]), Number(f[2])); out = 'ok'; break;
      case 'checksa': out = ctx.list.check(saOf(f[1])) ? '1' : '0'; break;
      default: throw new Error(`unknown operation ${f[0]}`);
    }
  } catch (e) {
    if (!e.code) throw e;
    out = `err ${e.code} ${e.message}`;
  }
  return utf8(out);
}

module.exports = { ListState, genBlocklist, answerBlocklist };
