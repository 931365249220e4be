// Destroying a socket while it connects by name: during the lookup (the
// lookup answers after the destroy, or after `close`, and is ignored), during an attempt, between attempts,
// from a listener of a failed single attempt, before an IP literal's attempt.
'use strict';
const net = require('net');
const { ports, watchc, crafted, steps, log } = require('./connect_trace');

const server = net.createServer((c) => c.end());

function start(name, opts) {
  const s = watchc(new net.Socket(), name);
  s.connect({ port: server.address().port, host: 'x.test', ...opts });
  log(name, 'connect returned', s.connecting, s.readyState);
  return s;
}

// A lookup that answers only when told: held(list).answer().
function held(list) {
  const h = { answer: null };
  h.lookup = (host, opts, cb) => {
    log('lookup called', host, JSON.stringify(opts));
    h.answer = () => { log('lookup answers'); cb(null, list.map(([address, family]) => ({ address, family }))); };
  };
  return h;
}
const both = [['::1', 6], ['127.0.0.1', 4]];

server.listen(0, '127.0.0.1', () => {
  ports.push(server.address().port);
  steps([
    (next) => {
      const h = held(both);
      start('answer-after-destroy', { lookup: h.lookup }).on('close', next).destroy();
      h.answer();
    },
    (next) => {
      const h = held(both);
      start('answer-after-close', { lookup: h.lookup }).on('close', () => { h.answer(); next(); }).destroy();
    },
    (next) => start('in-attempt', { lookup: crafted([['::1', 6], ['127.0.0.1', 4]], -1) }).on('close', next).destroy(),
    (next) => start('in-attempt-single', { autoSelectFamily: false, lookup: crafted([['127.0.0.1', 4]], -1) })
      .on('close', next).destroy(),
    (next) => {
      const s = start('between', { lookup: crafted([['::1', 6], ['127.0.0.1', 4]], -1) }).on('close', next);
      s.on('connectionAttemptFailed', () => s.destroy());
    },
    (next) => {
      const s = start('failed-single', { host: '127.0.0.2' }).on('close', next);
      s.on('connectionAttemptFailed', () => s.destroy());
    },
    (next) => start('ip-literal', { host: '127.0.0.1' }).on('close', next).destroy(),
  ], () => server.close(() => log('server closed')));
});
