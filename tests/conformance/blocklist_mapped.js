// BlockList across the IPv4-mapped form, inbound and outbound. A dual-stack
// server on :: sees IPv4 peers as ::ffff:a.b.c.d: IPv4 rules (address,
// range, subnet) must still keep them out, and IPv6 rules on the mapped
// range must keep out IPv4 peers of a server on 127.0.0.1. A socket's
// blockList refuses ::ffff:a.b.c.d for an IPv4 rule and the other way round.
// Each inbound case connects from two local addresses; a blocked peer is
// closed before `connection` (its client sees connect, end, close).
'use strict';
const net = require('net');
const { log } = require('./trace');

const cases = [
  // [name, listen host, rules, [from, from]]
  ['v4-address on ::', '::', [['address', '127.0.0.1', 'ipv4']], ['127.0.0.1', '127.0.0.2']],
  ['v4-subnet on ::', '::', [['subnet', '127.0.0.0', 31, 'ipv4']], ['127.0.0.1', '127.0.0.2']],
  ['v4-range on ::', '::', [['range', '127.0.0.3', '127.0.0.5', 'ipv4']], ['127.0.0.3', '127.0.0.2']],
  ['v6-address on ::', '::', [['address', '::ffff:127.0.0.1', 'ipv6']], ['127.0.0.1', '127.0.0.2']],
  ['v6-subnet on ::', '::', [['subnet', '::ffff:127.0.0.0', 127, 'ipv6']], ['127.0.0.1', '127.0.0.2']],
  ['v6-range on ::', '::', [['range', '::ffff:127.0.0.3', '::ffff:127.0.0.9', 'ipv6']], ['127.0.0.4', '127.0.0.2']],
  ['v6-address on v4', '127.0.0.1', [['address', '::ffff:127.0.0.1', 'ipv6']], ['127.0.0.1', '127.0.0.2']],
  ['v6-subnet on v4', '127.0.0.1', [['subnet', '::ffff:127.0.0.0', 126, 'ipv6']], ['127.0.0.3', '127.0.0.4']],
  ['v6-range on v4', '127.0.0.1', [['range', '::ffff:127.0.0.3', '::ffff:127.0.0.9', 'ipv6']], ['127.0.0.4', '127.0.0.2']],
  ['mapped /96 on v4', '127.0.0.1', [['subnet', '::ffff:0:0', 96, 'ipv6']], ['127.0.0.1', '127.0.0.2']],
  ['all-v6 on ::', '::', [['subnet', '::', 0, 'ipv6']], ['127.0.0.1', '::1']],
  ['v4 rule, v6 peer', '::', [['subnet', '0.0.0.0', 0, 'ipv4']], ['::1', '127.0.0.1']],
];

const outbound = [
  // [name, rules, host]
  ['out v4-address, mapped host', [['address', '127.0.0.1', 'ipv4']], '::ffff:127.0.0.1'],
  ['out v4-subnet, mapped host', [['subnet', '127.0.0.0', 8, 'ipv4']], '::ffff:127.0.0.1'],
  ['out v4-range, mapped host', [['range', '127.0.0.1', '127.0.0.2', 'ipv4']], '::ffff:127.0.0.1'],
  ['out v6-address, v4 host', [['address', '::ffff:127.0.0.1', 'ipv6']], '127.0.0.1'],
  ['out v6-subnet, v4 host', [['subnet', '::ffff:127.0.0.0', 120, 'ipv6']], '127.0.0.1'],
  ['out v6-range, v4 host', [['range', '::ffff:127.0.0.0', '::ffff:127.0.0.1', 'ipv6']], '127.0.0.1'],
  ['out other address, mapped host', [['address', '127.0.0.2', 'ipv4']], '::ffff:127.0.0.1'],
];

function blockList(rules) {
  const bl = new net.BlockList();
  for (const [kind, a, b, c] of rules) {
    if (kind === 'address') bl.addAddress(a, b);
    else if (kind === 'subnet') bl.addSubnet(a, b, c);
    else bl.addRange(a, b, c);
  }
  return bl;
}

const steps = [];
const next = () => { const f = steps.shift(); if (f) f(); };

function client(name, port, host, from, done) {
  const c = net.connect({ port, host, localAddress: from });
  const seen = [];
  for (const ev of ['connect', 'end', 'close']) c.on(ev, () => seen.push(ev));
  c.on('error', (e) => seen.push(`error ${e.code}`));
  c.resume();
  c.on('close', () => { log(name, 'from', from, 'client', seen.join(' ')); done(); });
}

for (const [name, host, rules, from] of cases) {
  steps.push(() => {
    const s = net.createServer({ blockList: blockList(rules) }, (c) => {
      log(name, 'connection', c.remoteAddress, c.remoteFamily);
      c.end();
    });
    s.listen(0, host, () => {
      const port = s.address().port;
      const target = (f) => (net.isIPv6(f) ? '::1' : host === '::' ? '127.0.0.1' : host);
      client(name, port, target(from[0]), from[0],
             () => client(name, port, target(from[1]), from[1], () => s.close(next)));
    });
  });
}

steps.push(() => {
  const s = net.createServer((c) => { log('target connection', c.remoteAddress); c.end(); });
  s.listen(0, '::', () => {
    const port = s.address().port;
    const go = () => {
      const o = outbound.shift();
      if (!o) return s.close(next);
      const [name, rules, host] = o;
      const c = net.connect({ port, host, blockList: blockList(rules) });
      c.on('connect', () => log(name, 'connect'));
      c.on('error', (e) => log(name, 'error', e.code, JSON.stringify(e.message)));
      c.resume();
      c.on('close', (hadError) => { log(name, 'close', hadError); go(); });
    };
    go();
  });
});

next();
