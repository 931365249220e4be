// A lookup answer that cannot be used fails the connect, with or without
// autoSelectFamily: no address is ERR_INVALID_IP_ADDRESS (a TypeError, no
// port), a family other than 4 or 6 is ERR_INVALID_ADDRESS_FAMILY (a
// RangeError that carries the port). Port 1: nothing ever connects.
'use strict';
const net = require('net');
const { log, watch, SOCKET_EVENTS } = require('./trace');

const cases = [
  ['no-address', undefined, 4],
  ['family-100', '127.0.0.1', 100],
];
const runs = [];
for (const [what, address, family] of cases)
  for (const auto of [true, false]) runs.push([`${what}-${auto ? 'multi' : 'single'}`, address, family, auto]);

function next() {
  const run = runs.shift();
  if (!run) return;
  const [name, address, family, autoSelectFamily] = run;
  const s = new net.Socket();
  watch(s, name, SOCKET_EVENTS);
  s.on('error', (e) => log(name, 'error fields', e.name, String(e.port)));
  s.on('close', next);
  s.connect({
    host: 'localhost', port: 1, autoSelectFamily,
    lookup: (host, opts, cb) => setImmediate(() => {
      if (opts.all) cb(null, [{ address, family }]);
      else cb(null, address, family);
    }),
  });
}
next();
