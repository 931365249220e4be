// cork()/uncork() over TCP IPv4, IPv6 and a Unix socket: writes made while
// corked (also while connecting) are only queued; the last uncork sends them
// together and their callbacks follow in order on the next tick; write()
// returns false past the high-water mark while corked and `drain` follows
// the flush; end() uncorks fully; an uncork while connecting sends on
// `connect`. Then, without a connection: an uncork on a socket that never
// connected fails the writes with ERR_SOCKET_CLOSED, and a destroy while
// corked fails them with ERR_STREAM_DESTROYED.
'use strict';
const net = require('net');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { log, q, errText, watch } = require('./trace');

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cnet-'));
const transports = [['tcp4', { host: '127.0.0.1' }], ['tcp6', { host: '::1' }],
                    ['unix', { path: path.join(dir, 's') }]];

const state = (c) => `${c.writableCorked} ${c.writableLength} ${c.writableNeedDrain}`;
const cb = (name, what) => (err) => log(name, 'cb', what, errText(err));

// The first client: corked while connecting, uncorked after `connect`.
function first(i, name, opts, server) {
  const c = net.connect({ ...opts, highWaterMark: 8 });
  c.cork();
  c.cork();
  log(name, 'write a', c.write('a', cb(name, 'a')));
  log(name, 'write bb', c.write('bb', cb(name, 'bb')));
  log(name, 'corked while connecting', state(c));
  c.on('connect', () => {
    log(name, 'connect', state(c));
    log(name, 'write ccc', c.write('ccc', cb(name, 'ccc')));
    c.uncork();
    log(name, 'first uncork', state(c));
    c.uncork();
    log(name, 'last uncork', state(c));
    process.nextTick(() => log(name, 'tick after uncork'));
  });
  // the server answers once it has the first six bytes
  c.once('data', (d) => {
    log(name, 'client data', q(d.toString()));
    c.cork();
    log(name, 'write dddd', c.write('dddd', cb(name, 'dddd')));
    log(name, 'write eeeeee', c.write('eeeeee', cb(name, 'eeeeee')));
    log(name, 'past the mark', state(c));
    c.uncork();
    log(name, 'uncorked', state(c));
  });
  c.on('drain', () => {
    log(name, 'drain', state(c));
    c.cork();
    c.cork();
    c.write('f', cb(name, 'f'));
    c.end('g', cb(name, 'end'));
    log(name, 'after end', state(c));
  });
  watch(c, name, ['finish', 'end', 'close']);
  c.on('close', () => second(i, name, opts, server));
}

// The second client uncorks while still connecting.
function second(i, name, opts, server) {
  const c = net.connect(opts);
  c.cork();
  c.write('x', cb(name, 'x'));
  c.uncork();
  log(name, 'uncorked while connecting', state(c));
  c.on('connect', () => {
    log(name, 'second connect', state(c));
    c.end();
  });
  c.on('end', () => log(name, 'second end'));
  c.on('close', () => server.close(() => run(i + 1)));
}

function run(i) {
  if (i === transports.length) {
    fs.rmSync(dir, { recursive: true });
    unconnected();
    return;
  }
  const [name, where] = transports[i];
  let conns = 0;
  const server = net.createServer((s) => {
    const n = ++conns;
    let got = '';
    s.setEncoding('latin1');
    s.on('data', (d) => {
      got += d;
      if (n === 1 && got === 'abbccc') {
        log(name, 'server got', q(got));
        got = '';
        s.write('next');
      }
    });
    s.on('end', () => {
      log(name, 'server end', n, q(got));
      s.end();
    });
  });
  const listening = where.path ? [where.path] : [0, where.host];
  server.listen(...listening, () => {
    const opts = where.path ? { path: where.path } : { port: server.address().port, host: where.host };
    first(i, name, opts, server);
  });
}

function unconnected() {
  const s = new net.Socket();
  s.cork();
  log('never connected write', s.write('z', cb('never', 'z')));
  s.uncork();
  log('never connected', state(s), s.destroyed);
  watch(s, 'never', ['error', 'close']);
  s.on('close', () => {
    const d = new net.Socket();
    d.cork();
    d.write('w', cb('destroyed', 'w'));
    d.destroy();
    // (writableLength drops now in cnet, on the next tick in Node: see docs/api.md)
    log('destroyed while corked', d.writableCorked, d.writableNeedDrain, d.destroyed);
    watch(d, 'destroyed', ['error', 'close']);
  });
}

run(0);
