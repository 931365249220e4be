// close() with a live connection (stops accepting, `close` after the last
// connection ends), getConnections on the next tick, maxConnections (the >=
// rule, `drop` with the peer's addresses, 0 drops all, a closed connection
// frees its slot), dropMaxConnection, asyncDispose, unref before listen.
'use strict';
const net = require('net');
const { log } = require('./trace');
const { errN, addr, watchServer } = require('./server_trace');

const steps = [];
const next = () => { const f = steps.shift(); if (f) f(); };
// A client whose events are held and printed when asked, since they are not
// ordered against the server's.
function client(port, name, held) {
  const c = net.connect(port, '127.0.0.1');
  for (const ev of ['connect', 'end', 'close']) c.on(ev, () => held.push(`${name} ${ev}`));
  c.on('error', (e) => held.push(`${name} error ${e.code}`));
  c.resume();
  return c;
}
// Each client's lines in order, clients by name.
const flush = (held) => held.sort((a, b) => (a.split(' ')[0] < b.split(' ')[0] ? -1 : a.split(' ')[0] > b.split(' ')[0] ? 1 : 0))
  .forEach((l) => log(l));

steps.push(() => {
  const held = [];
  const s = watchServer(net.createServer(), 'live');
  s.on('connection', (conn) => {
    log('live connection');
    s.getConnections((err, n) => log('live getConnections', errN(err), n));
    log('live after getConnections');
    s.close((e) => { log('live close cb', errN(e)); flush(held); next(); });
    log('live closing', s.listening, addr(s.address()));
    const port = conn.localPort;
    const late = client(port, 'late', held);
    late.on('close', () => {
      s.getConnections((err, n) => { log('live connections still', n); conn.destroy(); });
    });
  });
  s.listen(0, '127.0.0.1', () => client(s.address().port, 'first', held));
});

steps.push(() => {
  const held = [];
  const s = watchServer(net.createServer(), 'max');
  log('max default', s.maxConnections, s.dropMaxConnection);  // both undefined
  s.maxConnections = 1;
  s.dropMaxConnection = true;
  log('max set', s.maxConnections, s.dropMaxConnection);
  let first;
  s.on('connection', (conn) => {
    log('max connection', conn.remoteAddress);
    if (!first) {
      first = conn;
      client(s.address().port, 'second', held).on('close', () => {
        let left = 2;
        const done = () => { if (--left === 0) { flush(held); next(); } };
        s.once('close', done);
        first.on('close', () => client(s.address().port, 'third', held).on('close', done));
        first.destroy();
      });
    } else {
      conn.end();
      s.close();
    }
  });
  s.listen(0, '127.0.0.1', () => client(s.address().port, 'first', held));
});

steps.push(() => {
  const held = [];
  const s = watchServer(net.createServer(() => log('zero connection')), 'zero');
  s.maxConnections = 0;
  s.listen(0, '127.0.0.1', () => {
    client(s.address().port, 'z1', held).on('close', () => {
      client(s.address().port, 'z2', held).on('close', () => s.close(() => { flush(held); next(); }));
    });
  });
});

steps.push(async () => {
  const s = watchServer(net.createServer(), 'dispose');
  await s[Symbol.asyncDispose]();
  log('dispose idle resolved', s.listening);
  s.listen(0, '127.0.0.1', async () => {
    await s[Symbol.asyncDispose]();
    log('dispose resolved', s.listening, addr(s.address()));
    next();
  });
});

steps.push(() => {
  const s = watchServer(net.createServer(), 'unref');
  s.unref();
  s.listen(0, '127.0.0.1', () => log('unref listen cb', s.listening));
});

next();
