// A connect that fails at once (connect(2) answers EADDRNOTAVAIL: lo has no
// IPv6 address) words its error with the socket's own name, as Node's
// internalConnect: "connect EADDRNOTAVAIL ::1:PORT - Local (:::0)", alone and
// as an autoselection attempt before IPv4 connects. Runs through
// tests/netns/run with CNET_NETNS_NO_IPV6=1: IPv6 is off on the namespace's lo.
'use strict';
const net = require('net');
const { ports, watchc, crafted, steps, log } = require('./connect_trace');

const server = net.createServer((c) => c.end());

function run(name, opts, next) {
  const s = watchc(new net.Socket(), name);
  s.on('close', next);
  s.connect({ port: server.address().port, ...opts });
}

server.listen(0, '127.0.0.1', () => {
  ports.push(server.address().port);
  steps([
    (next) => run('single', { host: '::1', autoSelectFamily: false }, next),
    (next) => run('multi', { host: 'x.test', lookup: crafted([['::1', 6], ['127.0.0.1', 4]], 1) }, next),
    (next) => run('all-fail', { host: 'x.test', lookup: crafted([['::1', 6], ['127.0.0.2', 4]], 1) }, next),
  ], () => server.close(() => log('server closed')));
});
