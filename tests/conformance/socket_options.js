// Socket options that act at connect: signal (abort destroys with an
// AbortError; an already-aborted signal is left out: Node 23.5 then still
// connects after `close`, leaving a connection open), blockList (ERR_IP_BLOCKED), localAddress, createConnection's
// timeout, noDelay/keepAlive accepted.
'use strict';
const net = require('net');
const { log, watch, errText } = require('./trace');

const server = net.createServer((c) => c.resume());
server.listen(0, '127.0.0.1', () => {
  const port = server.address().port;
  const steps = [
    (next) => {
      const ac = new AbortController();
      const c = net.connect({ port, host: '127.0.0.1', signal: ac.signal }, () => {
        log('signal connected');
        ac.abort();
        log('signal after abort', c.destroyed);
      });
      watch(c, 'signal', ['error', 'close']);
      c.on('close', next);
    },
    (next) => {
      const bl = new net.BlockList();
      bl.addAddress('127.0.0.1');
      const c = net.connect({ port, host: '127.0.0.1', blockList: bl });
      watch(c, 'blocked', ['connectionAttempt', 'connect', 'error', 'close']);
      c.on('close', next);
    },
    (next) => {
      const c = net.connect({ port, host: '127.0.0.1', localAddress: '127.0.0.2', noDelay: true, keepAlive: true,
                              keepAliveInitialDelay: 2000 }, () => {
        log('local', c.localAddress, c.remoteAddress);
        c.end();
      });
      watch(c, 'local', ['error', 'close']);
      c.on('close', next);
    },
    (next) => {
      const c = net.createConnection({ port, host: '127.0.0.1', timeout: 300 });
      log('timeout option', c.timeout);
      watch(c, 'idle', ['connect', 'timeout', 'close']);
      c.on('timeout', () => c.destroy());
      c.on('close', next);
    },
  ];
  const next = () => { const f = steps.shift(); if (f) f(next); else server.close(() => log('done')); };
  next();
});
