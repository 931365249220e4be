// Helpers shared by the connect_* / netns_connect_* cases: a socket watcher
// that prints error messages with the test's ports as PORT (connect errors
// carry them), AggregateError members, and a crafted lookup function.
'use strict';
const { log } = require('./trace');

const ports = [];
const scrub = (s) => ports.reduce((m, p) => m.split(`:${p}`).join(':PORT'), s);
const P = (p) => (typeof p === 'number' && p > 0 ? 'PORT' : String(p));

function errText(e) {
  if (!e) return 'null';
  let t = `${e.name} ${e.code} ${JSON.stringify(scrub(e.message))}`;
  if (e.errors) t += ` [${e.errors.map(errText).join(', ')}]`;
  return t;
}

function watchc(s, name) {
  s.on('lookup', (err, ip, family, host) =>
    log(name, 'lookup', err ? err.code : 'null', String(ip), String(family), host));
  for (const ev of ['connectionAttempt', 'connectionAttemptTimeout'])
    s.on(ev, (ip, port, family) => log(name, ev, ip, P(port), family));
  s.on('connectionAttemptFailed', (ip, port, family, err) =>
    log(name, 'connectionAttemptFailed', ip, P(port), family, errText(err)));
  for (const ev of ['connect', 'ready', 'end', 'finish', 'timeout'])
    s.on(ev, () => log(name, ev));
  s.on('data', (d) => log(name, 'data', d.length));
  s.on('error', (err) => log(name, 'error', errText(err)));
  s.on('close', (hadError) => log(name, 'close', hadError,
    'attempted', String(JSON.stringify(s.autoSelectFamilyAttemptedAddresses?.map(scrub)))));
  return s;
}

// A lookup answering `list` ([[address, family], ...]) or `err`; delay < 0
// answers inside the call, else from a timer.
function crafted(list, delay, err) {
  return (host, opts, cb) => {
    log('lookup called', host, JSON.stringify(opts));
    const answer = () => {
      log('lookup answers');
      if (err) cb(err);
      else if (opts.all) cb(null, list.map(([address, family]) => ({ address, family })));
      else cb(null, list[0][0], list[0][1]);
    };
    if (delay < 0) answer(); else setTimeout(answer, delay);
  };
}

// Runs the steps one after the other: each gets `next`.
function steps(list, done) {
  const next = () => { const f = list.shift(); if (f) f(next); else done(); };
  next();
}

module.exports = { ports, scrub, errText, watchc, crafted, steps, log };
