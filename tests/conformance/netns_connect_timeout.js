// Attempt timeouts of family autoselection. Runs through tests/netns/run: in
// its namespace SYNs to 127.0.0.3 are dropped, so attempts there hang; only
// 127.0.0.1 listens. Each attempt but the last gets the attempt timeout, then
// `connectionAttemptTimeout` and the next address on a fresh handle. A refusal
// that must come before an attempt timeout gets 200 ms (slow under valgrind).
'use strict';
const net = require('net');
const { ports, watchc, crafted, steps, log } = require('./connect_trace');

const server = net.createServer((c) => c.end());

function start(name, list, opts) {
  const s = watchc(new net.Socket(), name);
  s.connect({ port: server.address().port, host: 'x.test', lookup: crafted(list, -1), ...opts });
  return s;
}

server.listen(0, '127.0.0.1', () => {
  ports.push(server.address().port);
  steps([
    (next) => start('then-ok', [['127.0.0.3', 4], ['127.0.0.1', 4]], { autoSelectFamilyAttemptTimeout: 10 })
      .on('close', next),
    (next) => start('default-timeout', [['127.0.0.3', 4], ['127.0.0.1', 4]], {}).on('close', next),
    (next) => start('then-refused', [['127.0.0.3', 4], ['127.0.0.2', 4]], { autoSelectFamilyAttemptTimeout: 1 })
      .on('close', next),
    (next) => start('three', [['127.0.0.3', 4], ['127.0.0.1', 4], ['::1', 6]], { autoSelectFamilyAttemptTimeout: 200 })
      .on('close', next),
    (next) => {
      const s = start('destroy-in-timeout', [['127.0.0.3', 4], ['127.0.0.1', 4]], { autoSelectFamilyAttemptTimeout: 10 });
      s.on('connectionAttemptTimeout', () => s.destroy()).on('close', next);
    },
    (next) => {
      // The last address has no attempt timeout: it hangs until destroyed.
      const s = start('last-hangs', [['127.0.0.2', 4], ['127.0.0.3', 4]], { autoSelectFamilyAttemptTimeout: 200 });
      s.on('close', next);
      setTimeout(() => { log('destroying'); s.destroy(); }, 600);
    },
  ], () => server.close(() => log('server closed')));
});
