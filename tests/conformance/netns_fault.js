// Peers that go silent. Runs through tests/netns/run, where SYNs to
// 127.0.0.3 are dropped: a connect there hangs until the socket's timeout
// says so. Then a connected peer on 127.0.0.4 vanishes (tests/netns/drop:
// every packet to or from it is dropped, no FIN, no RST) while our writes
// are queued: the write queue stops moving and the idle timeout fires
// (a write that makes progress would have re-armed it).
'use strict';
const net = require('net');
const path = require('path');
const { execFileSync } = require('child_process');
const { say, track } = require('./fault_trace');

const CHUNK = Buffer.alloc(65536, 'x');
const steps = [];
const next = () => { const f = steps.shift(); if (f) f(); };

// connect to a black hole with the timeout option; destroy at `timeout`
for (const [name, kill] of [['drop-connect destroy()', (s) => s.destroy()],
                            ['drop-connect destroy(err)', (s) => s.destroy(Object.assign(
                              new Error('connect timed out'), { code: 'ETIMEDOUT' }))]]) {
  steps.push(() => {
    const s = net.connect({ port: 9, host: '127.0.0.3', timeout: 100 });
    const cb = track(s, name);
    s.write('queued', cb);
    s.on('timeout', () => { say(name, 'connecting', s.connecting); kill(s); });
    s.on('close', () => setImmediate(next));
  });
}

steps.push(() => {
  const name = 'vanish silently';
  const conns = [];
  const srv = net.createServer((c) => { conns.push(c); c.pause(); });
  srv.listen(0, '127.0.0.4', () => {
    const s = net.connect(srv.address().port, '127.0.0.4');
    const cb = track(s, name);
    s.on('connect', () => {
      execFileSync('sh', [path.join(__dirname, '../netns/drop'), '127.0.0.4']);
      s.setTimeout(300);
      for (let i = 0; i < 128; i++) s.write(CHUNK, cb);
    });
    s.on('timeout', () => {
      say(name, 'timeout with', s.writableLength > 0 ? 'writes queued' : 'nothing queued');
      s.destroy();
    });
    s.on('close', () => {
      conns.forEach((c) => c.destroy());
      srv.close(() => say('server closed'));
    });
  });
});

next();
