// The Node side of the conformance traces: one line per event, in the same
// words as trace.h prints them for the C port. Ports that vary from run to
// run print as PORT.
'use strict';

const log = (...a) => console.log(a.join(' '));
const P = (port) => (typeof port === 'number' && port > 0 ? 'PORT' : String(port));
const q = (s) => JSON.stringify(s);
const errText = (e) => (e ? `${e.code} ${q(e.message)}` : 'null');

function fmt(ev, args) {
  switch (ev) {
    case 'data': {
      const d = args[0];
      return typeof d === 'string' ? [`string ${Buffer.byteLength(d)} ${q(d)}`]
                                   : [`bytes ${d.length} ${q(d.toString('latin1'))}`];
    }
    // close() without an argument (no handle yet) prints undefined, as
    // had_error_given false does in C.
    case 'close': return [String(args[0])];
    case 'error': return [errText(args[0])];
    case 'lookup': return [args[0] ? args[0].code : 'null', String(args[1]), String(args[2]), String(args[3])];
    case 'connectionAttempt':
    case 'connectionAttemptTimeout': return [args[0], P(args[1]), String(args[2])];
    case 'connectionAttemptFailed': return [args[0], P(args[1]), String(args[2]), errText(args[3])];
    default: return [];
  }
}

// Prints every event of the list that em emits, as "NAME EVENT ARGS".
function watch(em, name, events) {
  for (const ev of events) em.on(ev, (...args) => log(name, ev, ...fmt(ev, args)));
  return em;
}

const SOCKET_EVENTS = ['lookup', 'connectionAttempt', 'connectionAttemptFailed',
                       'connectionAttemptTimeout', 'connect', 'ready', 'data', 'drain',
                       'end', 'finish', 'timeout', 'error', 'close'];

// Calls fn once cond() holds, checking every millisecond: a step that waits
// for a state (bytes read, a peer accepted) instead of racing a timer.
function until(cond, fn) {
  if (cond()) return fn();
  setTimeout(() => until(cond, fn), 1);
}

module.exports = { log, P, q, errText, watch, until, SOCKET_EVENTS };
