// Lookup failures and single-attempt connect failures: `lookup` (with the
// error), then `error`, then `close(true)`. The system lookup is asked for a
// name with a 64-byte label, which getaddrinfo refuses before any query is
// sent (ENOTFOUND, no network).
'use strict';
const net = require('net');
const { ports, watchc, crafted, steps, log } = require('./connect_trace');

const BAD_NAME = `${'a'.repeat(64)}.invalid`;
const server = net.createServer((c) => c.end());
const lookupError = () => Object.assign(new Error('getaddrinfo ENOTFOUND x.test'), { code: 'ENOTFOUND' });

function run(name, opts, next) {
  const s = watchc(new net.Socket(), name);
  s.on('close', next);
  s.connect({ port: server.address().port, host: 'x.test', ...opts });
  log(name, 'connect returned', s.connecting, s.readyState);
}

server.listen(0, '127.0.0.1', () => {
  ports.push(server.address().port);
  steps([
    (next) => run('system-multi', { host: BAD_NAME }, next),
    (next) => run('system-single', { host: BAD_NAME, autoSelectFamily: false }, next),
    (next) => run('caller-multi-sync', { lookup: crafted([], -1, lookupError()) }, next),
    (next) => run('caller-multi-later', { lookup: crafted([], 1, lookupError()) }, next),
    (next) => run('caller-single-sync', { autoSelectFamily: false, lookup: crafted([], -1, lookupError()) }, next),
    (next) => run('caller-single-later', { autoSelectFamily: false, lookup: crafted([], 1, lookupError()) }, next),
    (next) => run('ip4-refused', { host: '127.0.0.2' }, next),
    (next) => run('ip6-refused', { host: '::1' }, next),
    (next) => run('ip4-ok', { host: '127.0.0.1' }, next),
  ], () => server.close(() => log('server closed')));
});
