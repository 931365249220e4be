// socket.setTimeout over TCP IPv4, IPv6 and a Unix socket: socket.timeout
// before and after, set before connect (and shortened once connected, so the
// connect always comes first), `timeout` after idle time without closing the
// connection, the callback as a once listener, 0 disabling and
// removing the callback, and setTimeout on a destroyed socket.
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
  const server = net.createServer(() => {});
  const listening = where.path ? [where.path] : [0, where.host];
  server.listen(...listening, () => {
    const opts = where.path ? { path: where.path } : { port: server.address().port, host: where.host };
    const c = new net.Socket();
    log(name, 'fresh', c.timeout);
    const first = () => log(name, 'first cb', c.timeout, c.readyState);
    c.setTimeout(60000, first);
    log(name, 'set', c.timeout, c.listenerCount('timeout'));
    watch(c, name, ['connect', 'timeout', 'end', 'close']);
    c.connect(opts, () => c.setTimeout(50));
    let n = 0;
    c.on('timeout', () => {
      n++;
      log(name, 'timeout', n, c.readyState, c.destroyed, c.listenerCount('timeout'));
      if (n === 1) {
        c.setTimeout(0);
        log(name, 'disabled', c.timeout);
        // nothing more comes while disabled; then a shorter one
        setTimeout(() => {
          const second = () => log(name, 'second cb');
          c.setTimeout(20, second);
          c.setTimeout(20, second);
          log(name, 'twice', c.listenerCount('timeout'));
        }, 60);
      } else {
        const third = () => log(name, 'third cb');
        c.setTimeout(10, third);
        c.setTimeout(0, third);
        log(name, 'removed', c.timeout, c.listenerCount('timeout'));
        c.destroy();
        c.setTimeout(5);
        log(name, 'after destroy', c.timeout);
      }
    });
    c.on('close', () => server.close(() => run(i + 1)));
  });
}

run(0);
