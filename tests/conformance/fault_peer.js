// Faults from the peer, over TCP (IPv4, IPv6) and a Unix socket: what our
// socket emits, in Node's order, and that nothing (no event, no write
// callback) comes after its `close` (fault_trace.js).
'use strict';
const net = require('net');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { say, setDir, track } = require('./fault_trace');

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cnet-fault-'));
setDir(dir);
const sockPath = path.join(dir, 's');
const CHUNK = Buffer.alloc(65536, 'x');

const transports = {
  tcp4: { listen: [0, '127.0.0.1'], connect: (srv) => ({ port: srv.address().port, host: '127.0.0.1' }) },
  tcp6: { listen: [0, '::1'], connect: (srv) => ({ port: srv.address().port, host: '::1' }) },
  unix: { listen: [sockPath], connect: () => ({ path: sockPath }) },
};

// A server on transport t whose connections get onConn; then client(opts).
function withServer(t, serverOpts, onConn, client) {
  const srv = net.createServer(serverOpts, onConn);
  srv.listen(...transports[t].listen, () => client(transports[t].connect(srv), srv));
  return srv;
}

const scenarios = [];
const run = (name, ts, fn) => { for (const t of ts) scenarios.push((next) => fn(`${name} ${t}`, t, next)); };

// The peer resets (SO_LINGER 0) while our writes are queued.
run('reset-mid-write', ['tcp4', 'tcp6'], (name, t, next) => {
  const srv = withServer(t, {}, (c) => c.once('data', () => c.resetAndDestroy()), (o) => {
    const s = net.connect(o);
    const cb = track(s, name);
    s.on('close', () => srv.close(next));
    s.on('connect', () => { for (let i = 0; i < 256; i++) s.write(CHUNK, cb); });
  });
});

// The peer resets while we read: with nothing left unread, the read fails
// with ECONNRESET.
run('reset-mid-read, all read', ['tcp4', 'tcp6'], (name, t, next) => {
  const srv = withServer(t, {}, (c) => {
    c.write('hello');
    c.once('data', () => c.resetAndDestroy());
  }, (o) => {
    const s = net.connect(o);
    track(s, name);
    s.once('data', () => s.write('go'));
    s.on('close', () => srv.close(next));
  });
});

// The peer resets while what it sent is still unread here: libuv reads it
// and reports the hang-up after a short read as EOF, so `end`, not an error
// (Node's behaviour as well). The client pauses at the first `data` and
// reads on once the peer's socket has closed.
run('reset-mid-read, data unread', ['tcp4', 'tcp6'], (name, t, next) => {
  let s;
  const srv = withServer(t, {}, (c) => {
    for (let i = 0; i < 256; i++) c.write(CHUNK);
    c.once('data', () => c.resetAndDestroy());
    c.on('close', () => s.resume());
  }, (o) => {
    s = net.connect(o);
    track(s, name);
    s.once('data', () => { s.pause(); s.write('go'); });
    s.on('close', () => srv.close(next));
  });
});

// The peer half-closes while we write (writes chained one after the other).
for (const half of [false, true]) {
  run(`half-close-mid-write allowHalfOpen=${half}`, ['tcp4', 'unix'], (name, t, next) => {
    let received = 0;
    const srv = withServer(t, { allowHalfOpen: true }, (c) => {
      c.once('data', () => c.end());
      c.on('data', (d) => { received += d.length; });
      c.on('end', () => say(name, 'peer got all', received === s.bytesWritten));
    }, (o) => {
      s = net.connect({ ...o, allowHalfOpen: half });
      const cb = track(s, name);
      let after = 0;
      // without half-open, writes go on after `end` until one fails
      const write = () => {
        if (s.destroyed || (half && s.writableEnded)) return;
        if (half && s.readableEnded && ++after > 8) return s.end();
        s.write(CHUNK, (err) => { cb(err); if (!err) setImmediate(write); });
      };
      s.on('connect', write);
      s.on('close', () => srv.close(next));
    });
    let s;
  });
}

// The peer is gone: writing to it fails with EPIPE.
run('epipe', ['tcp4', 'unix'], (name, t, next) => {
  const srv = withServer(t, {}, (c) => c.destroy(), (o) => {
    const s = net.connect({ ...o, allowHalfOpen: true });
    const cb = track(s, name);
    const write = () => s.write('x', (err) => { cb(err); if (!err) setImmediate(write); });
    s.on('end', write);
    s.on('close', () => srv.close(next));
  });
});

// The peer vanishes (closes without reading) while our writes are queued.
run('vanish-with-queue', ['tcp4', 'unix'], (name, t, next) => {
  const srv = withServer(t, {}, (c) => c.once('data', () => c.destroy()), (o) => {
    const s = net.connect(o);
    const cb = track(s, name);
    s.on('connect', () => { for (let i = 0; i < 256; i++) s.write(CHUNK, cb); });
    s.on('close', () => srv.close(next));
  });
});

// Nobody listens: the write that waited for `connect` fails with
// ERR_SOCKET_CLOSED_BEFORE_CONNECTION, the rest with the connect error.
run('refused', ['tcp4', 'tcp6', 'unix'], (name, t, next) => {
  const srv = net.createServer();
  srv.listen(...transports[t].listen, () => {
    const o = transports[t].connect(srv);
    srv.close(() => {
      if (t === 'unix') fs.writeFileSync(sockPath, ''); // a file that is no socket
      const s = net.connect(o);
      const cb = track(s, name);
      s.write('x', cb);
      s.write('y', cb);
      s.end(cb);
      s.on('close', () => {
        if (t === 'unix') fs.unlinkSync(sockPath);
        setImmediate(next);
      });
    });
  });
});

const go = () => {
  const f = scenarios.shift();
  if (f) f(go);
  else fs.rmSync(dir, { recursive: true });
};
go();
