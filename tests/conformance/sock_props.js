// net.Socket's properties at each step of its life over TCP IPv4, IPv6 and
// a Unix socket: fresh, connecting, connected, after end(), after the
// peer's end, after destroy; readyState's five values; the remote address
// kept after close once read; address() and the local names.
'use strict';
const net = require('net');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { log, P } = require('./trace');

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cnet-'));
const transports = [['tcp4', { host: '127.0.0.1' }], ['tcp6', { host: '::1' }],
                    ['unix', { path: path.join(dir, 's') }]];

const addr = (a) => (a.address === undefined ? '{}' : `${a.address} ${a.family} ${P(a.port)}`);

function props(tag, c) {
  log(tag, c.readyState, c.pending, c.connecting, c.destroyed, c.bytesRead, c.bytesWritten,
      c.writableLength, c.readableEnded, c.writableEnded, c.writableFinished);
  log(tag, 'local', addr(c.address()), c.localAddress, P(c.localPort), c.localFamily,
      'remote', c.remoteAddress, P(c.remotePort), c.remoteFamily);
}

function run(i) {
  if (i === transports.length) {
    fs.rmSync(dir, { recursive: true });
    return;
  }
  const [name, where] = transports[i];
  let n = 0;
  const server = net.createServer({ allowHalfOpen: true }, (s) => {
    // the first client sees our end; the second ends first and we follow
    if (++n === 1) s.end('hi'); else s.on('end', () => s.end());
    s.resume();
  });
  const listening = where.path ? [where.path] : [0, where.host];
  server.listen(...listening, () => {
    const opts = where.path ? { path: where.path } : { port: server.address().port, host: where.host };
    const c = new net.Socket({ allowHalfOpen: true });
    props(`${name} fresh`, c);
    c.connect(opts);
    props(`${name} connecting`, c);
    c.on('connect', () => {
      props(`${name} connected`, c);
      log(name, 'bufferSize', c.bufferSize);
      c.write('abc');
    });
    c.on('data', () => {});
    c.on('end', () => {
      props(`${name} peer ended`, c);
      c.end();
      props(`${name} both ended`, c);
    });
    c.on('close', () => {
      props(`${name} closed`, c); // the remote address was read before: kept
      const d = net.connect(opts, () => {
        d.end('x');
        props(`${name} ended`, d);
      });
      d.on('end', () => props(`${name} d peer ended`, d));
      d.on('close', () => {
        props(`${name} d closed`, d);
        server.close(() => run(i + 1));
      });
    });
  });
}

run(0);
