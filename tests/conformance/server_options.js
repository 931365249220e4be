// createServer options as accepted sockets inherit them: allowHalfOpen
// (off and on), highWaterMark, pauseOnConnect (nothing is read until resume).
'use strict';
const net = require('net');
const { log, watch } = require('./trace');

const steps = [];
const next = () => { const f = steps.shift(); if (f) f(); };

// The two ends run side by side: each end's events are ordered, not their
// interleaving, so the client's are printed once both have closed.
function halfOpen(allowHalfOpen, name) {
  const held = [];
  let closed = 0;
  const done = () => {
    if (++closed < 2) return;
    held.forEach((line) => log(line));
    s.close(next);
  };
  const s = net.createServer({ allowHalfOpen }, (c) => {
    log(name, 'connection', c.allowHalfOpen, c.writableHighWaterMark, c.isPaused());
    watch(c, name + '-side', ['data', 'end', 'finish', 'close']);
    c.on('close', done);
    c.on('end', () => {
      log(name, 'side end', c.writable, c.readyState);
      setImmediate(() => {
        log(name, 'side later', c.writable, c.writableEnded);
        if (c.writable) c.end('pong');
      });
    });
  });
  s.listen(0, '127.0.0.1', () => {
    const c = net.connect(s.address().port, '127.0.0.1');
    for (const ev of ['data', 'end', 'close']) c.on(ev, (d) => held.push(`${name}-client ${ev}${ev === 'data' ? ' ' + d : ''}`));
    c.end('ping');
    c.on('close', done);
  });
}
steps.push(() => halfOpen(false, 'closing'));
steps.push(() => halfOpen(true, 'half'));

steps.push(() => {
  const s = net.createServer({ highWaterMark: 1024 }, (c) => {
    log('hwm connection', c.writableHighWaterMark);
    c.destroy();
    s.close(next);
  });
  s.listen(0, '127.0.0.1', () => net.connect(s.address().port, '127.0.0.1').on('error', () => {}));
});

steps.push(() => {
  const s = net.createServer({ pauseOnConnect: true }, (c) => {
    log('paused connection', c.isPaused(), c.bytesRead);
    watch(c, 'paused-side', ['data', 'end', 'close']);
    setTimeout(() => {
      log('paused after wait', c.isPaused(), c.bytesRead);
      c.resume();
      log('paused resumed', c.isPaused());
    }, 100);
    c.on('close', () => s.close(next));
  });
  s.listen(0, '127.0.0.1', () => {
    const c = net.connect(s.address().port, '127.0.0.1');
    c.end('hello');
    c.resume();
  });
});

next();
