// onread.buffer as a function, through net.connect(), over TCP IPv4, IPv6
// and a Unix socket: it is called when connect() makes the handle and after
// every callback, and each read goes into the buffer it gave last; null
// keeps the previous one; a callback returning false still gets the next
// buffer and stops reading until resume(). Then over autoSelectFamily: each
// attempt's new handle asks for a buffer again.
'use strict';
const net = require('net');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { log, q, watch } = require('./trace');

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cnet-'));
const transports = [['tcp4', { host: '127.0.0.1' }], ['tcp6', { host: '::1' }],
                    ['unix', { path: path.join(dir, 's') }]];

// The buffer function hands out these in turn, and null on its third call.
function reader(name) {
  const bufs = [Buffer.alloc(3), Buffer.alloc(4)];
  let calls = 0;
  return {
    buffer() {
      const n = calls++;
      const buf = n === 2 ? null : bufs[n % 2];
      log(name, 'buffer fn', n, buf ? buf.length : 'null');
      return buf;
    },
    which: (buf) => bufs.indexOf(buf),
  };
}

function run(i) {
  if (i === transports.length) {
    fs.rmSync(dir, { recursive: true });
    autoselect();
    return;
  }
  const [name, where] = transports[i];
  const server = net.createServer((s) => {
    s.write('abcdefghij');
    s.on('data', () => s.end('klmnop'));
  });
  const listening = where.path ? [where.path] : [0, where.host];
  server.listen(...listening, () => {
    const opts = where.path ? { path: where.path } : { port: server.address().port, host: where.host };
    const r = reader(name);
    let reads = 0;
    const c = net.connect({
      ...opts,
      onread: {
        buffer: r.buffer,
        callback(nread, buf) {
          log(name, 'onread', nread, q(buf.toString('latin1', 0, nread)), r.which(buf));
          if (++reads === 2) {
            setImmediate(() => {
              log(name, 'stopped', c.bytesRead);
              c.resume();
            });
            return false;
          }
          if (c.bytesRead === 10) c.write('more');
          return true;
        },
      },
    });
    log(name, 'connect called');
    watch(c, name, ['connect', 'data', 'end', 'close']);
    c.on('close', () => server.close(() => run(i + 1)));
  });
}

// The lookup answers ::1 (nobody listens there on this port) then 127.0.0.1.
function autoselect() {
  const server = net.createServer((s) => s.end('xyz'));
  server.listen(0, '127.0.0.1', () => {
    const r = reader('auto');
    const c = net.connect({
      host: 'example.test',
      port: server.address().port,
      lookup(host, options, cb) {
        cb(null, [{ address: '::1', family: 6 }, { address: '127.0.0.1', family: 4 }]);
      },
      onread: {
        buffer: r.buffer,
        callback(nread, buf) {
          log('auto', 'onread', nread, q(buf.toString('latin1', 0, nread)), r.which(buf));
        },
      },
    });
    // (the attempt at ::1 starts inside connect(), before these listeners)
    c.on('connectionAttemptFailed', (ip, port, family, err) => log('auto', 'attempt failed', ip, err.code));
    watch(c, 'auto', ['connectionAttempt', 'connect', 'end', 'close']);
    c.on('close', () => server.close());
  });
}

run(0);
