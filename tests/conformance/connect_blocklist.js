// The outbound blockList, checked per attempt: a blocked address fails its
// attempt with ERR_IP_BLOCKED and the next one is tried; every address
// blocked ends in an AggregateError; on the single-address path, the error.
'use strict';
const net = require('net');
const { ports, watchc, crafted, steps, log } = require('./connect_trace');

const server = net.createServer((c) => c.end());
const v6 = new net.BlockList();
v6.addAddress('::1', 'ipv6');
const both = new net.BlockList();
both.addAddress('::1', 'ipv6');
both.addSubnet('127.0.0.0', 8);

function run(name, blockList, opts, next) {
  const s = watchc(new net.Socket({ blockList }), name);
  s.on('close', next);
  s.connect({ port: server.address().port, host: 'x.test', ...opts });
}

server.listen(0, '127.0.0.1', () => {
  ports.push(server.address().port);
  steps([
    (next) => run('first-blocked', v6, { lookup: crafted([['::1', 6], ['127.0.0.1', 4]], -1) }, next),
    (next) => run('all-blocked', both, { lookup: crafted([['127.0.0.1', 4], ['::1', 6]], -1) }, next),
    (next) => run('single-blocked', both, { autoSelectFamily: false, lookup: crafted([['127.0.0.1', 4]], -1) }, next),
    (next) => run('literal-blocked', both, { host: '127.0.0.1' }, next),
  ], () => server.close(() => log('server closed')));
});
