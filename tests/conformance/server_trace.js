// Server traces: errors with the port in their message normalised, as
// server_trace.h prints them.
'use strict';
const { log, q } = require('./trace');

const norm = (m) => m.replace(/:\d+$/, ':PORT');
const errN = (e) => (e ? `${e.code} ${q(norm(e.message))}` : 'null');
// server.address() in one line
const addr = (a) => (a === null ? 'null' : typeof a === 'string' ? q(a)
  : `${a.address} ${a.family} ${a.port > 0 ? 'PORT' : a.port}`);

// Prints a server's events: listening, close, error, drop.
function watchServer(s, name) {
  s.on('listening', () => log(name, 'listening'));
  s.on('close', () => log(name, 'close'));
  s.on('error', (e) => log(name, 'error', errN(e)));
  s.on('drop', (d) => log(name, 'drop', d && `${d.localAddress} ${d.localFamily} ${d.remoteAddress} ${d.remoteFamily}`,
                         d && typeof d.localPort, d && typeof d.remotePort));
  return s;
}

module.exports = { errN, addr, watchServer };
