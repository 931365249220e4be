// Traces of the fault cases (fault_*.js), as fault_trace.h prints them:
// consecutive identical lines once (how many writes went through before a
// fault varies), error messages with their port or temporary folder
// normalised, and every event or write callback that comes after a
// socket's `close` emit is over flagged AFTER CLOSE.
'use strict';
const { q } = require('./trace');

let last = '';
const say = (...a) => { const line = a.join(' '); if (line !== last) console.log(line); last = line; };

let dir = '\0';
const setDir = (d) => { dir = d; };
const ports = [];
const addPort = (p) => { ports.push(p); };
const normDir = (m) => m.split(dir).join('DIR');
const norm = (m) => normDir(ports.reduce((t, p) => t.split(`:${p}`).join(':PORT'), m.replace(/:\d+$/, ':PORT')));
// an AggregateError's members' codes follow in brackets
const errText = (e) => `${e.code} ${q(norm(e.message))}` +
  (e.errors ? ` [${e.errors.map((m) => m.code).join(' ')}]` : '');

// Prints s's events as "NAME EVENT"; returns a write callback that prints
// "NAME cb ok" or "NAME cb CODE".
function track(s, name) {
  let closed = false;
  const late = (what) => { if (closed) say(name, 'AFTER CLOSE', what); };
  for (const ev of ['connect', 'end', 'finish', 'drain', 'timeout', 'data'])
    s.on(ev, () => { late(ev); say(name, ev); });
  s.on('connectionAttempt', (ip) => { late('connectionAttempt'); say(name, 'connectionAttempt', normDir(ip)); });
  s.on('connectionAttemptFailed', (ip, port, family, e) => {
    late('connectionAttemptFailed');
    say(name, 'connectionAttemptFailed', normDir(ip), errText(e));
  });
  s.on('error', (e) => { late('error'); say(name, 'error', errText(e)); });
  s.on('close', (hadError) => {
    late('close');
    say(name, 'close', hadError);
    process.nextTick(() => { closed = true; });
  });
  return (err) => { late('callback'); say(name, 'cb', err ? err.code : 'ok'); };
}

module.exports = { say, setDir, addPort, norm, errText, track };
