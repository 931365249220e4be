// bytesRead and bytesWritten count per connection, over TCP IPv4, IPv6 and a
// Unix socket: kept after `close`, and from zero again when the socket
// connects again (Node counts them on the handle, and a new connection has
// a new handle; test-net-bytes-stats).
'use strict';
const net = require('net');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { log } = require('./trace');

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cnet-'));
const transports = [['tcp4', { host: '127.0.0.1' }], ['tcp6', { host: '::1' }],
                    ['unix', { path: path.join(dir, 's') }]];

function run(i) {
  if (i === transports.length) {
    fs.rmSync(dir, { recursive: true });
    return;
  }
  const [name, where] = transports[i];
  const server = net.createServer((s) => s.on('data', (d) => s.write(d)));
  const listening = where.path ? [where.path] : [0, where.host];
  server.listen(...listening, () => {
    const opts = where.path ? { path: where.path } : { port: server.address().port, host: where.host };
    const c = new net.Socket();
    const counts = (what) => log(name, what, c.bytesRead, c.bytesWritten);
    let life = 1;
    c.on('data', () => {
      counts(`life ${life} echoed`);
      c.destroy();
    });
    c.on('close', () => {
      counts(`life ${life} closed`);
      if (life === 2) {
        server.close(() => run(i + 1));
        return;
      }
      life = 2;
      c.connect(opts, () => counts('life 2 connected'));
      counts('life 2 connecting');
      c.write('ab');
      counts('life 2 written');
    });
    c.connect(opts, () => {
      counts('life 1 connected');
      c.write('hello');
    });
  });
}

run(0);
