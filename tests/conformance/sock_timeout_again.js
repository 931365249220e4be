// An idle timeout fires again after activity, and only then, over TCP IPv4,
// IPv6 and a Unix socket: after the first `timeout` our write re-arms it
// (the echo comes back, then idle again: a second `timeout`); after the
// second a read re-arms it (a third); after the third nothing happens, and
// no fourth `timeout` comes in three times the duration.
'use strict';
const net = require('net');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { log, watch } = require('./trace');

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cnet-'));
const transports = [['tcp4', { host: '127.0.0.1' }], ['tcp6', { host: '::1' }],
                    ['unix', { path: path.join(dir, 's') }]];

function run(i) {
  if (i === transports.length) {
    fs.rmSync(dir, { recursive: true });
    return;
  }
  const [name, where] = transports[i];
  let peer;
  const server = net.createServer((s) => {
    peer = s;
    s.on('data', (d) => s.write(d));
  });
  const listening = where.path ? [where.path] : [0, where.host];
  server.listen(...listening, () => {
    const opts = where.path ? { path: where.path } : { port: server.address().port, host: where.host };
    const c = net.connect(opts, () => c.setTimeout(100));
    watch(c, name, ['connect', 'data', 'timeout', 'close']);
    let n = 0;
    c.on('timeout', () => {
      n++;
      if (n === 1) {
        c.write('ping');
      } else if (n === 2) {
        peer.write('x');
      } else {
        setTimeout(() => {
          log(name, 'quiet after', n, c.timeout);
          c.destroy();
        }, 300);
      }
    });
    c.on('close', () => server.close(() => run(i + 1)));
  });
}

run(0);
