// listen({ signal }): aborting closes the server; an already aborted signal
// closes it on the next tick (before `listening`); aborting after close does
// nothing more.
'use strict';
const net = require('net');
const { log } = require('./trace');
const { addr, watchServer } = require('./server_trace');

const steps = [];
const next = () => { const f = steps.shift(); if (f) f(); };

steps.push(() => {
  const ac = new AbortController();
  const s = watchServer(net.createServer(), 'abort');
  s.listen({ port: 0, host: '127.0.0.1', signal: ac.signal }, () => {
    log('abort listen cb', s.listening);
    ac.abort();
    log('abort aborted', s.listening, addr(s.address()));
    s.on('close', () => setImmediate(next));
  });
});

steps.push(() => {
  const ac = new AbortController();
  ac.abort();
  const s = watchServer(net.createServer(), 'early');
  s.listen({ port: 0, host: '127.0.0.1', signal: ac.signal }, () => log('early listen cb'));
  log('early listening', s.listening);
  s.on('close', () => { log('early closed', s.listening); setImmediate(next); });
});

steps.push(() => {
  const ac = new AbortController();
  const s = watchServer(net.createServer(), 'after');
  s.listen({ port: 0, host: '127.0.0.1', signal: ac.signal }, () => {
    s.close(() => {
      ac.abort();
      log('after aborted', s.listening);
      setImmediate(next);
    });
  });
});

steps.push(() => {
  const ac = new AbortController();
  const s = watchServer(net.createServer(), 'relisten');
  s.listen({ port: 0, host: '127.0.0.1', signal: ac.signal }, () => {
    s.close(() => {
      s.listen({ port: 0, host: '127.0.0.1' }, () => {
        ac.abort();
        log('relisten aborted', s.listening);
        s.close();
      });
    });
  });
});

next();
