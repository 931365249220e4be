// The reading side over TCP IPv4, IPv6 and a Unix socket: data read while
// nobody consumes is held (chunk by chunk) and flows when a `data` listener
// comes; a paused socket keeps reading into its buffer; resume() without a
// listener loses data; EOF emits `end` at once when nothing is held, and
// only after the held data was consumed otherwise.
'use strict';
const net = require('net');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { log, until } = require('./trace');

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
  const server = net.createServer((c) => { peer = c; });
  const listening = where.path ? [where.path] : [0, where.host];
  server.listen(...listening, () => {
    const opts = where.path ? { path: where.path } : { port: server.address().port, host: where.host };
    const c = net.connect(opts);
    c.on('end', () => log(name, 'client end', c.readableEnded, c.bytesRead));
    c.on('close', () => {
      log(name, 'client close', c.readableEnded);
      server.close(() => run(i + 1));
    });
    const show = (d) => log(name, 'data', JSON.stringify(d.toString()), c.isPaused());
    c.on('connect', () => {
      log(name, 'connected', c.isPaused());
      until(() => peer, () => {
        peer.write('one');
        until(() => c.bytesRead === 3, () => {
          peer.write('two');
          until(() => c.bytesRead === 6, () => {
            log(name, 'held', c.bytesRead, c.isPaused());
            c.on('data', show);
            log(name, 'listener added', c.isPaused());
            setImmediate(() => step2(name, c, peer));
          });
        });
      });
    });
  });
}

function step2(name, c, peer) {
  c.pause();
  log(name, 'paused', c.isPaused());
  peer.write('three');
  until(() => c.bytesRead === 11, () => {
    log(name, 'read while paused', c.bytesRead);
    c.resume();
    log(name, 'resumed', c.isPaused());
    setImmediate(() => {
      c.removeAllListeners('data');
      peer.write('lost');
      until(() => c.bytesRead === 15, () => {
        setImmediate(() => {
          log(name, 'after lost', c.bytesRead);
          c.pause();
          peer.end('last');
          until(() => c.bytesRead === 19, () => {
            // the FIN follows the bytes; give it time to arrive
            setTimeout(() => {
              log(name, 'eof seen', c.readableEnded);
              c.on('data', (d) => log(name, 'data', JSON.stringify(d.toString())));
              c.resume();
            }, 50);
          });
        });
      });
    });
  });
}

run(0);
