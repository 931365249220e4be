// net.connect(options) hands the socket options to new net.Socket(options),
// over TCP IPv4, IPv6 and a Unix socket: allowHalfOpen (still writable
// after the peer's end), highWaterMark (wins over writableHighWaterMark),
// readableHighWaterMark and writableHighWaterMark, onread with a buffer,
// and signal (aborting destroys the socket with an AbortError).
'use strict';
const net = require('net');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { log, q, errText, watch } = require('./trace');

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cnet-'));
const transports = [['tcp4', { host: '127.0.0.1' }], ['tcp6', { host: '::1' }],
                    ['unix', { path: path.join(dir, 's') }]];

const marks = (c) => `${c.readableHighWaterMark} ${c.writableHighWaterMark}`;

// allowHalfOpen and highWaterMark: the server ends first, the client writes
// after.
function halfOpen(name, opts, next) {
  const c = net.connect({ ...opts, allowHalfOpen: true, highWaterMark: 300, writableHighWaterMark: 50 });
  log(name, 'half-open client', c.allowHalfOpen, marks(c));
  c.setEncoding('latin1');
  c.on('end', () => {
    log(name, 'client end, writable', c.writable);
    c.end('late');
  });
  watch(c, name, ['connect', 'data', 'finish', 'close']);
  c.on('close', next);
}

// onread, signal and the two marks: aborted after the last read.
function onreadSignal(name, opts, next) {
  const ac = new AbortController();
  const mine = Buffer.alloc(5);
  const c = net.connect({
    ...opts,
    readableHighWaterMark: 100,
    writableHighWaterMark: 50,
    signal: ac.signal,
    onread: {
      buffer: mine,
      callback(nread, buf) {
        log(name, 'onread', nread, q(buf.toString('latin1', 0, nread)), buf === mine);
        if (c.bytesRead === 11) ac.abort();
      },
    },
  });
  log(name, 'onread client', c.allowHalfOpen, marks(c));
  c.on('error', (err) => log(name, 'error', err.name, errText(err)));
  watch(c, name, ['connect', 'data', 'close']);
  c.on('close', () => log(name, 'aborted client', c.destroyed, c.writable));
  c.on('close', next);
}

function run(i) {
  if (i === transports.length) {
    fs.rmSync(dir, { recursive: true });
    return;
  }
  const [name, where] = transports[i];
  let conns = 0;
  let waiting = 2; // the first client's close, the server's end of it
  let got = '';
  const second = () => {
    if (--waiting > 0) return;
    log(name, 'server got', q(got));
    onreadSignal(name, opts, () => server.close(() => run(i + 1)));
  };
  let opts;
  const server = net.createServer((s) => {
    s.on('error', () => {});
    if (++conns === 1) {
      s.setEncoding('latin1');
      s.on('data', (d) => { got += d; });
      s.on('end', second);
      s.end('bye');
    } else {
      s.write('hello world');
    }
  });
  const listening = where.path ? [where.path] : [0, where.host];
  server.listen(...listening, () => {
    opts = where.path ? { path: where.path } : { port: server.address().port, host: where.host };
    halfOpen(name, opts, second);
  });
}

run(0);
