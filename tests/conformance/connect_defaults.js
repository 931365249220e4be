// The module defaults: get/setDefaultAutoSelectFamily and
// get/setDefaultAutoSelectFamilyAttemptTimeout (ERR_OUT_OF_RANGE below 1,
// below 10 becomes 10), and connect options that override them.
'use strict';
const net = require('net');
const { ports, watchc, crafted, steps, log } = require('./connect_trace');

const server = net.createServer((c) => c.end());

function run(name, opts, next) {
  const s = watchc(new net.Socket(), name);
  s.on('close', next);
  s.connect({ port: server.address().port, host: 'x.test', ...opts });
}

function setTimeoutDefault(v) {
  try {
    net.setDefaultAutoSelectFamilyAttemptTimeout(v);
    log('set', v, 'ok', net.getDefaultAutoSelectFamilyAttemptTimeout());
  } catch (e) {
    log('set', v, 'throws', e.name, e.code, e.message);
  }
}

log('defaults', net.getDefaultAutoSelectFamily(), net.getDefaultAutoSelectFamilyAttemptTimeout());
for (const v of [5, 10, 1, 1234, 2147483647, 0, -1, 2 ** 31, 2 ** 33, -(2 ** 33)]) setTimeoutDefault(v);
log('timeout now', net.getDefaultAutoSelectFamilyAttemptTimeout());
net.setDefaultAutoSelectFamilyAttemptTimeout(250);

const both = [['::1', 6], ['127.0.0.1', 4]];
server.listen(0, '127.0.0.1', () => {
  ports.push(server.address().port);
  steps([
    (next) => { net.setDefaultAutoSelectFamily(false); log('family default', net.getDefaultAutoSelectFamily()); next(); },
    (next) => run('default-off', { lookup: crafted(both, -1) }, next),
    (next) => run('override-on', { autoSelectFamily: true, autoSelectFamilyAttemptTimeout: 5000,
                                   lookup: crafted(both, -1) }, next),
    (next) => { net.setDefaultAutoSelectFamily(true); log('family default', net.getDefaultAutoSelectFamily()); next(); },
    (next) => run('default-on', { lookup: crafted(both, -1) }, next),
    (next) => run('override-off', { autoSelectFamily: false, lookup: crafted(both, -1) }, next),
  ], () => server.close(() => log('server closed')));
});
