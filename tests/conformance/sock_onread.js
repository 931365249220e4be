// The onread option over TCP IPv4, IPv6 and a Unix socket: every read goes
// into the caller's one buffer, callback(nread, buf) instead of `data`;
// returning false stops reading without pausing, resume() reads again;
// pause() stops reading at once; EOF still ends the socket.
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
    s.write('abcdefghij');
  });
  const listening = where.path ? [where.path] : [0, where.host];
  server.listen(...listening, () => {
    const opts = where.path ? { path: where.path } : { port: server.address().port, host: where.host };
    const mine = Buffer.alloc(4);
    let calls = 0;
    const c = net.connect({
      ...opts,
      onread: {
        buffer: mine,
        callback(nread, buf) {
          calls++;
          log(name, 'onread', nread, JSON.stringify(buf.toString('latin1', 0, nread)), buf === mine);
          if (calls === 2) {
            // reading stops now: nothing more comes until resume()
            setTimeout(() => {
              log(name, 'stopped', c.bytesRead, c.isPaused());
              c.resume();
            }, 50);
            return false;
          }
          if (calls === 3) {
            c.pause();
            log(name, 'paused', c.isPaused());
            peer.write('klm');
            setTimeout(() => {
              log(name, 'while paused', c.bytesRead);
              c.resume();
            }, 30);
          }
          if (calls === 4) peer.end();
          return undefined;
        },
      },
    });
    watch(c, name, ['connect', 'data', 'end', 'close']);
    c.on('close', () => server.close(() => run(i + 1)));
  });
}

run(0);
