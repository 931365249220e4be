// What connect() throws for bad arguments (Node's codes and words), a refused
// connection's events, and connecting the same socket again after close.
'use strict';
const net = require('net');
const { ports, errText, watchc, log, steps } = require('./connect_trace');

const tryThrow = (name, f) => {
  try { f().destroy(); log(name, 'no throw'); } catch (e) { log(name, 'throws', errText(e)); }
};
tryThrow('no port', () => net.connect({}));
tryThrow('port 70000', () => net.connect({ port: 70000 }));
tryThrow('port -1', () => net.connect({ port: -1 }));
tryThrow('bad localAddress', () => net.connect({ port: 80, localAddress: 'nope' }));
tryThrow('bad family, IP host', () => net.connect({ port: 80, host: '127.0.0.1', family: 5 }));
tryThrow('bad family, name', () => net.connect({ port: 80, host: 'localhost', family: 5 }));
tryThrow('bad attempt timeout', () => net.connect({ port: 80, host: 'localhost', autoSelectFamilyAttemptTimeout: -5 }));
// hints other than ADDRCONFIG | ALL | V4MAPPED: dns.lookup() throws, so only
// a name looked up by it does
tryThrow('bad hints, name', () => net.connect({ port: 80, host: 'localhost', hints: 98 }));
tryThrow('bad hints, IP host', () => net.connect({ port: 80, host: '127.0.0.1', hints: 98 }));
tryThrow('bad hints, own lookup', () => net.connect({
  port: 80, host: 'localhost', hints: 98, lookup: (h, o, cb) => cb(null, '127.0.0.1', 4),
}));

const live = net.createServer((c) => c.end('hi'));
live.listen(0, '127.0.0.1', () => {
  ports.push(live.address().port);
  const dead = net.createServer();
  dead.listen(0, '127.0.0.1', () => {
    const deadPort = dead.address().port;
    ports.push(deadPort);
    dead.close(() => steps([
      (next) => {
        const c = watchc(net.connect(deadPort, '127.0.0.1'), 'refused');
        c.on('close', next);
      },
      (next) => {
        // The same socket, again, from inside its `close` listener.
        const c = new net.Socket();
        watchc(c, 'again');
        let round = 0;
        c.on('close', () => {
          log('again closed, round', round, c.destroyed, c.readyState);
          if (++round === 1) c.connect(live.address().port, '127.0.0.1');
          else next();
        });
        c.connect(deadPort, '127.0.0.1');
      },
    ], () => live.close(() => log('done'))));
  });
});
