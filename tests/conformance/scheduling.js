// process.nextTick, setTimeout, setInterval, setImmediate and their handles
// in Node's order: ticks queued before the loop starts run first; in an I/O
// callback, ticks (and the ticks they queue) run before the immediate, and
// the immediate before a timeout; two timeouts due together each get their
// ticks before the next; an interval until cleared; clear before firing;
// refresh() before and after a timeout fires; ref/unref/hasRef; an unref'd
// timeout does not keep the process alive.
'use strict';
const net = require('net');
const { log } = require('./trace');

const steps = [];
const next = () => { const f = steps.shift(); if (f) f(); };

steps.push(() => {
  const server = net.createServer(() => {});
  server.listen(0, '127.0.0.1', () => {
    const c = net.connect(server.address().port, '127.0.0.1', () => {
      setTimeout(() => {
        log('io: timeout');
        c.destroy();
      }, 0);
      setImmediate(() => {
        log('io: immediate');
        process.nextTick(() => log('io: tick of the immediate'));
      });
      process.nextTick(() => {
        log('io: tick 1');
        process.nextTick(() => log('io: tick 3, queued by 1'));
      });
      process.nextTick(() => log('io: tick 2'));
      log('io: connect listener returns');
    });
    c.on('close', () => server.close(next));
  });
});

// Node reads the clock at each setTimeout: when a millisecond passes
// between the two calls, t2 is due a turn later. The loop is kept busy past
// both due times, so that one timers phase runs them together.
steps.push(() => {
  setTimeout(() => {
    log('t1');
    process.nextTick(() => log('t1: tick'));
    setImmediate(() => log('t1: immediate'));
  }, 5);
  setTimeout(() => {
    log('t2');
    process.nextTick(() => log('t2: tick'));
  }, 5);
  setTimeout(next, 30);
  const until = Date.now() + 10;
  while (Date.now() < until);
});

steps.push(() => {
  let n = 0;
  const iv = setInterval(() => {
    n++;
    log('interval', n);
    if (n === 3) {
      clearInterval(iv);
      clearInterval(iv);
      setTimeout(next, 10);
    }
  }, 2);
});

steps.push(() => {
  const never = setTimeout(() => log('never: cleared timeout'), 1);
  clearTimeout(never);
  const imm = setImmediate(() => log('never: cleared immediate'));
  clearImmediate(imm);
  clearTimeout(imm); // of the other kind: nothing
  const start = Date.now();
  let fired = 0;
  const t = setTimeout(() => {
    fired++;
    log('refreshed timeout fired', fired, Date.now() - start >= 45);
    if (fired === 1) t.refresh(); // after it ran: it runs again
    else next();
  }, 30);
  setTimeout(() => t.refresh(), 20); // before it fires: counts again from now
});

steps.push(() => {
  const t = setTimeout(() => log('unref timeout still runs while the loop lives'), 5);
  log('hasRef', t.hasRef());
  log('unref returns it', t.unref() === t, t.hasRef());
  log('ref returns it', t.ref() === t, t.hasRef());
  t.unref();
  const i = setImmediate(() => log('unref immediate runs with the batch'));
  log('immediate hasRef', i.hasRef(), i.unref().hasRef());
  setTimeout(next, 30);
});

steps.push(() => {
  setTimeout(() => log('never: unref timeout alone'), 50).unref();
  log('last step');
});

process.nextTick(() => log('tick queued before the loop'));
setImmediate(() => {
  log('immediate queued before the loop');
  next();
});
log('main returns');
