// destroy(), destroy(err), destroySoon(), resetAndDestroy(): what each side sees.
'use strict';
const net = require('net');
const { log, watch, errText } = require('./trace');

const steps = [];
const next = () => { const f = steps.shift(); if (f) f(); else server.close(() => log('server closed')); };
let serverSide;
const server = net.createServer((c) => {
  serverSide = c;
  c.on('error', (e) => log('server-side error', errText(e)));
  c.on('end', () => log('server-side end'));
  c.on('close', (h) => { log('server-side close', h); next(); });
  c.resume();
});

function client(name, onConnect) {
  const c = net.connect(server.address().port, '127.0.0.1', () => onConnect(c));
  watch(c, name, ['end', 'finish', 'error', 'close']);
  return c;
}

steps.push(() => client('plain', (c) => {
  c.destroy();
  log('plain destroyed', c.destroyed, c.readyState, c.pending);
}));
steps.push(() => client('witherr', (c) => {
  const e = new Error('boom');
  e.code = 'EBOOM';
  c.destroy(e);
  log('witherr destroyed', c.destroyed);
  c.destroy(); // a second destroy does nothing
}));
steps.push(() => client('soon', (c) => {
  c.write('data');
  c.destroySoon();
  log('soon after destroySoon', c.readyState, c.destroyed, c.writableEnded);
}));
steps.push(() => client('reset', (c) => {
  c.resetAndDestroy();
  log('reset after', c.destroyed);
}));
steps.push(() => {
  // resetAndDestroy while connecting waits for the connection, then resets
  const c = net.connect(server.address().port, '127.0.0.1');
  watch(c, 'reset-connecting', ['connect', 'error', 'close']);
  c.resetAndDestroy();
  log('reset-connecting after', c.destroyed, c.connecting);
});
steps.push(() => {
  // never connected: ERR_SOCKET_CLOSED
  const c = new net.Socket();
  watch(c, 'unconnected', ['error', 'close']);
  c.resetAndDestroy();
  c.on('close', () => {
    const d = new net.Socket();
    watch(d, 'fresh', ['error', 'close']);
    d.on('close', next);
    d.destroy();
    log('fresh destroyed', d.destroyed, d.readyState);
  });
});
server.listen(0, '127.0.0.1', next);
