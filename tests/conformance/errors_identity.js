// Errors keep their identity: the error given to destroy(err) is the very
// object the `error` listeners and the callback of a write that never
// reached the kernel (queued behind a large one) get, cause included; a
// signal's AbortError has the signal's reason as its cause (given, or Node's
// default).
'use strict';
const net = require('net');
const { log } = require('./trace');

const steps = [];
const next = () => { const f = steps.shift(); if (f) f(); };

// reads all, so that it sees the client go (a reset, as it never read it all)
const server = net.createServer((s) => s.resume().on('error', () => {}));

steps.push(() => {
  const inner = new Error('inner');
  const err = new Error('boom', { cause: inner });
  err.code = 'EBOOM';
  const c = net.connect(server.address().port, '127.0.0.1', () => {
    c.write(Buffer.alloc(32 << 20)); // more than the kernel takes at once
    c.write('queued', (e) => log('write cb same', e === err));
    c.destroy(err);
  });
  c.on('error', (e) => log('error same', e === err, e.code, e.message, e.cause === inner));
  c.on('error', (e) => log('second listener same', e === err));
  c.on('close', (h) => {
    log('close', h);
    next();
  });
});

for (const given of [true, false]) {
  steps.push(() => {
    const ac = new AbortController();
    const reason = new Error('why');
    const c = new net.Socket({ signal: ac.signal });
    c.on('error', (e) => log('abort error', e.name, e.code, e.message,
                            e.cause === ac.signal.reason, e.cause.name, e.cause.message));
    c.on('close', next);
    if (given) ac.abort(reason); else ac.abort();
    log('reason kept', given ? ac.signal.reason === reason : ac.signal.reason.name);
  });
}

steps.push(() => server.close());

server.listen(0, '127.0.0.1', next);
