// Connecting by name through a lookup function that answers later, from a
// timer: the same events as an answer inside the call, after `connect`
// returned.
'use strict';
const net = require('net');
const { ports, watchc, crafted, steps, log } = require('./connect_trace');

const server = net.createServer((c) => c.end());

function run(name, opts, next) {
  const s = watchc(new net.Socket(), name);
  s.on('close', next);
  s.connect({ port: server.address().port, host: 'x.test', ...opts });
  log(name, 'connect returned', s.connecting, s.readyState);
}

server.listen(0, '127.0.0.1', () => {
  ports.push(server.address().port);
  steps([
    (next) => run('multi', { lookup: crafted([['::1', 6], ['127.0.0.1', 4]], 1) }, next),
    (next) => run('multi-refused', { lookup: crafted([['::1', 6], ['127.0.0.2', 4]], 1) }, next),
    (next) => run('single', { autoSelectFamily: false, lookup: crafted([['127.0.0.1', 4]], 1) }, next),
    (next) => run('single-refused', { autoSelectFamily: false, lookup: crafted([['127.0.0.2', 4]], 1) }, next),
  ], () => server.close(() => log('server closed')));
});
