// Connecting by name through a lookup function that answers inside the call:
// the lookup's options, one `lookup` event per address, the order of the
// attempts (lead family first, alternating, duplicates dropped), the
// AggregateError when every attempt fails, the single-address paths.
'use strict';
const net = require('net');
const { ports, watchc, crafted, steps, log } = require('./connect_trace');

// Only 127.0.0.1 listens: ::1 and the other 127.0.0.x refuse.
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
    (next) => run('v6-first', { lookup: crafted([['::1', 6], ['127.0.0.1', 4]], -1) }, next),
    (next) => run('v4-first', { lookup: crafted([['127.0.0.1', 4], ['::1', 6]], -1) }, next),
    (next) => run('order', { lookup: crafted([['127.0.0.2', 4], ['127.0.0.3', 4], ['::1', 6],
                                              ['127.0.0.2', 4], ['127.0.0.4', 4], ['::1', 6]], -1) }, next),
    (next) => run('dedup-single', { lookup: crafted([['127.0.0.1', 4], ['127.0.0.1', 4]], -1) }, next),
    (next) => run('no-autoselect', { autoSelectFamily: false,
                                     lookup: crafted([['::1', 6], ['127.0.0.1', 4]], -1) }, next),
    (next) => run('family4', { family: 4, lookup: crafted([['127.0.0.1', 4]], -1) }, next),
    (next) => run('family6', { family: 6, lookup: crafted([['::1', 6]], -1) }, next),
    (next) => run('hints', { hints: 1024, lookup: crafted([['127.0.0.2', 4], ['::1', 6]], -1) }, next),
    (next) => run('local-address', { localAddress: '127.0.0.1',
                                     lookup: crafted([['127.0.0.1', 4], ['::1', 6]], -1) }, next),
    (next) => run('bad-ip', { lookup: crafted([['not-an-ip', 4]], -1) }, next),
    (next) => run('bad-family', { lookup: crafted([['127.0.0.1', 5]], -1) }, next),
    (next) => run('bad-ip-single', { autoSelectFamily: false, lookup: crafted([['not-an-ip', 4]], -1) }, next),
    (next) => run('skip-bad', { lookup: crafted([['nope', 4], ['::1', 6], ['127.0.0.1', 5], ['127.0.0.2', 4]], -1) }, next),
  ], () => server.close(() => log('server closed')));
});
