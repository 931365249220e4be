// The rest of a socket's Duplex state over its life, over TCP IPv4, IPv6 and
// a Unix socket: closed, readableFlowing, readableEncoding, the two
// high-water marks, readableLength, writableNeedDrain, writableCorked and
// errored; fresh, connected, after setEncoding, with text kept while nobody
// reads it (readableLength counts UTF-16 units), paused, flowing, past the
// writable mark while corked, after destroy(err) (errored is that very
// error), at `close`, and after a reconnect; a paused socket stays paused
// across a reconnect.
'use strict';
const net = require('net');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { log, q, errText, until } = require('./trace');

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cnet-'));
const transports = [['tcp4', { host: '127.0.0.1' }], ['tcp6', { host: '::1' }],
                    ['unix', { path: path.join(dir, 's') }]];

function state(tag, c) {
  log(tag, c.closed, String(c.readableFlowing), String(c.readableEncoding), c.readableHighWaterMark,
      c.writableHighWaterMark, c.readableLength, c.writableNeedDrain, c.writableCorked,
      errText(c.errored));
}

function run(i) {
  if (i === transports.length) {
    fs.rmSync(dir, { recursive: true });
    return;
  }
  const [name, where] = transports[i];
  const server = net.createServer((s) => {
    s.on('error', () => {}); // the first connection is destroyed by the client
    s.on('data', (d) => {
      if (String(d) === 'go') s.write('h\u00e9llo w\u00f6rld \u{1f600}');
    });
    s.on('end', () => s.end());
  });
  const listening = where.path ? [where.path] : [0, where.host];
  server.listen(...listening, () => {
    const opts = where.path ? { path: where.path } : { port: server.address().port, host: where.host };
    const c = new net.Socket({ highWaterMark: 300, writableHighWaterMark: 50 });
    state(`${name} fresh`, c);
    let lives = 0;
    let boom;
    c.connect(opts, () => {
      state(`${name} connected`, c);
      c.setEncoding('UTF-8');
      state(`${name} encoding`, c);
      c.write('go');
      // read, and kept while nobody consumes it
      until(() => c.readableLength >= 14, () => {
        state(`${name} kept`, c);
        c.pause();
        state(`${name} paused`, c);
        c.on('data', (d) => {
          log(name, 'data', q(d));
          state(`${name} in data`, c);
          c.cork();
          log(name, 'write', c.write('x'.repeat(400)));
          state(`${name} past the mark`, c);
          boom = Object.assign(new Error('boom'), { code: 'EBOOM' });
          c.destroy(boom);
          state(`${name} destroyed`, c);
          log(name, 'errored is the error', c.errored === boom);
        });
        c.resume();
        state(`${name} resumed`, c);
      });
    });
    c.on('error', (err) => log(name, 'error', errText(err), err === boom));
    c.on('close', (hadError) => {
      log(name, 'close', hadError);
      state(`${name} close`, c);
      if (++lives === 2) {
        server.close(() => run(i + 1));
        return;
      }
      c.pause();
      c.connect(opts, () => {
        state(`${name} reconnected`, c);
        c.resume();
        c.end();
      });
      state(`${name} reconnecting`, c);
    });
  });
}

run(0);
