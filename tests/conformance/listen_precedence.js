// Which of fd, port and path server.listen(options) uses when several are
// given: a port wins over a path (and is checked: -1 throws
// ERR_SOCKET_BAD_PORT even with a path); an fd below 0 is skipped, and with
// neither port nor path left it throws ERR_INVALID_ARG_VALUE.
'use strict';
const net = require('net');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { log } = require('./trace');
const { errN, addr, watchServer } = require('./server_trace');

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cnet-prec-'));
process.chdir(dir);
const steps = [];
const next = () => { const f = steps.shift(); if (f) f(); else fs.rmdirSync(dir); };
const kind = (s) => (typeof s.address() === 'string' ? 'path' : addr(s.address()));

// listen(options) with its outcome: thrown, or listening on a path or a port
function tryListen(name, options) {
  const s = watchServer(net.createServer(), name);
  try {
    s.listen(options, () => {
      log(name, 'on', kind(s));
      s.close(next);
    });
  } catch (e) {
    log(name, 'threw', e.name, errN(e));
    next();
  }
}

let port;
steps.push(() => {
  const probe = net.createServer().listen(0, '127.0.0.1', () => {
    port = probe.address().port;
    probe.close(next);
  });
});
steps.push(() => tryListen('bad port and path', { port: -1, path: 'a.sock' }));
steps.push(() => tryListen('port and path', { port, host: '127.0.0.1', path: 'a.sock' }));
steps.push(() => tryListen('port 0 and path', { path: 'a.sock' }));
steps.push(() => tryListen('fd -1', { fd: -1 }));
steps.push(() => tryListen('fd -1 and path', { fd: -1, path: 'a.sock' }));
steps.push(() => tryListen('fd -1 and port', { fd: -1, port, host: '127.0.0.1' }));
steps.push(() => tryListen('bad port and fd -1', { fd: -1, port: 65536 }));
next();
