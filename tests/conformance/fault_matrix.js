// The fault matrix: destroy(), destroy(err), end(), resetAndDestroy(),
// pause() and server.close() called from inside the listeners of every
// event of a client, the server's socket and the server, in the scenarios
// and rows of fault_matrix.table (read by the C port as well). Each case
// prints each emitter's events in order, one emitter after the other (the
// order between emitters depends on the loopback's timing, each one's own
// does not), and flags any event after an emitter's `close` emit is over.
// The lookup answers on a later turn, so that its events reach listeners.
'use strict';
const net = require('net');
const fs = require('fs');
const path = require('path');
const { q } = require('./trace');

const rows = [];
for (const line of fs.readFileSync(path.join(__dirname, 'fault_matrix.table'), 'utf8').split('\n')) {
  const w = line.trim().split(/\s+/);
  if (!w[0] || w[0].startsWith('#')) continue;
  rows.push(w);
}
const cases = [];
for (const [scenario, emitter, event, ...actions] of rows) {
  for (const a of actions)
    cases.push({ scenario, emitter, event, action: a.replace('!', ''), throws: a.endsWith('!') });
}

// Node's own TypeError in a case marked ! (see the table)
let threw = null;
process.on('uncaughtException', (e) => { threw = e; });

const SOCKET_EVENTS = ['lookup', 'connectionAttempt', 'connectionAttemptFailed', 'connect', 'ready',
                       'data', 'drain', 'end', 'finish', 'timeout', 'error', 'close'];
const SERVER_EVENTS = ['listening', 'connection', 'drop', 'error', 'close'];

function runCase(c, done) {
  const lines = { client: [], peer: [], server: [] };
  const closed = { client: false, peer: true, server: false };
  let server;
  let finished = false;
  const finish = () => {
    if (finished) return;
    finished = true;
    console.log(`${c.scenario} ${c.emitter} ${c.event} ${c.action}`);
    if (c.throws && threw instanceof TypeError) {
      console.log('  not compared: Node v23.5.0 throws a TypeError here');
    } else {
      if (c.throws || threw) console.log('  the table is wrong: thrown', threw);
      for (const who of ['client', 'peer', 'server'])
        if (lines[who].length) console.log(`  ${who}: ${lines[who].join(', ')}`);
    }
    threw = null;
    setImmediate(done);
  };
  // the case is over once the client, the server and its socket have closed
  const check = () => { if (closed.client && closed.peer && closed.server) setImmediate(finish); };

  const act = (target) => {
    const s = target;
    switch (c.action) {
      case 'destroy': s.destroy(); break;
      case 'destroyErr': s.destroy(Object.assign(new Error('boom'), { code: 'EBOOM' })); break;
      case 'end': s.end(); break;
      case 'reset': s.resetAndDestroy(); break;
      case 'pause': s.pause(); setTimeout(() => s.resume(), 20); break;
      case 'serverClose': server.close(); break;
    }
  };
  const watch = (em, who, events) => {
    let over = false;
    for (const ev of events) {
      em.on(ev, (...args) => {
        let text = ev;
        if (ev === 'error') text += ` ${args[0].code}`;
        if (ev === 'close' && who !== 'server') text += ` ${args[0]}`;
        if (ev === 'data') text += ` ${q(args[0].toString())}`;
        lines[who].push(over ? `AFTER CLOSE ${text}` : text);
        if (ev === 'close') {
          process.nextTick(() => { over = true; });
          closed[who] = true;
          check();
        }
      });
    }
    // the action, from inside the first emit of the row's event
    if (c.emitter === who) {
      em.once(c.event, (arg) => act(c.event === 'connection' ? arg : em));
    }
  };

  server = net.createServer({ allowHalfOpen: false });
  let port;
  server.on('listening', () => { port = server.address().port; });
  watch(server, 'server', SERVER_EVENTS);
  server.on('connection', (p) => {
    closed.peer = false;
    watch(p, 'peer', SOCKET_EVENTS);
    p.on('data', (d) => { p.write(d); p.end(); });
    p.on('error', () => {});
  });
  if (c.scenario === 'drop') server.maxConnections = 0;
  const connect = (port) => {
    const s = net.connect({ port, host: 'x.test', writableHighWaterMark: 1,
                            lookup: (host, o, cb) => setImmediate(cb, null, [{ address: '127.0.0.1', family: 4 }]) });
    watch(s, 'client', SOCKET_EVENTS);
    s.on('error', () => {});
    s.on('close', () => { if (c.scenario !== 'refused') server.close(); });
    if (c.scenario === 'talk') {
      s.setTimeout(20);
      s.once('timeout', () => { s.setTimeout(0); s.write('hello'); });
    }
  };
  server.listen(0, '127.0.0.1', () => {
    if (c.scenario !== 'refused') return connect(port);
    server.close(() => connect(port));
  });
}

let i = 0;
const next = () => { if (i < cases.length) runCase(cases[i++], next); };
next();
