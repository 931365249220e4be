// The peer's FIN over TCP IPv4, IPv6 and a Unix socket. With allowHalfOpen
// false (the default) `end` comes even though nothing consumed the data, a
// write inside the `end` listener still goes out, our side ends on the next
// tick, and a later write fails with EPIPE. With allowHalfOpen true the
// socket stays writable after `end` until end() is called.
'use strict';
const net = require('net');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { log, watch, errText } = require('./trace');

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cnet-'));
const cases = [];
for (const [name, where] of [['tcp4', { host: '127.0.0.1' }], ['tcp6', { host: '::1' }],
                             ['unix', { path: path.join(dir, 's') }]]) {
  cases.push([name, where, false], [name, where, true]);
}

function run(i) {
  if (i === cases.length) {
    fs.rmSync(dir, { recursive: true });
    return;
  }
  const [name, where, half] = cases[i];
  const tag = `${name} half=${half}`;
  let got = '';
  let closed = 0;
  const done = () => {
    if (++closed < 2) return;
    log(tag, 'server got', JSON.stringify(got));
    server.close(() => run(i + 1));
  };
  const server = net.createServer({ allowHalfOpen: true }, (s) => {
    s.on('data', (d) => { got += d; });
    s.on('close', done);
    s.end();
  });
  const listening = where.path ? [where.path] : [0, where.host];
  server.listen(...listening, () => {
    const opts = where.path ? { path: where.path } : { port: server.address().port, host: where.host };
    const c = net.connect({ ...opts, allowHalfOpen: half });
    watch(c, tag, ['connect', 'end', 'finish', 'error', 'close']);
    c.on('end', () => {
      log(tag, 'in end', c.readyState, c.readableEnded, c.writable, c.writableEnded, c.bytesRead);
      c.write('in-end', (err) => log(tag, 'in-end cb', errText(err)));
      setImmediate(() => {
        log(tag, 'later', c.readyState, c.writable, c.writableEnded, c.destroyed);
        if (!half) return;
        c.write('later', (err) => {
          log(tag, 'later cb', errText(err));
          c.end(() => log(tag, 'end cb', c.readyState));
        });
      });
    });
    // our side has ended too: without half-open, writing is an EPIPE
    c.on('finish', () => {
      if (!half) c.write('after-finish', (err) => log(tag, 'after-finish cb', errText(err)));
    });
    c.on('close', () => {
      log(tag, 'closed', c.readyState, c.bytesRead, c.bytesWritten);
      done();
    });
  });
}

run(0);
