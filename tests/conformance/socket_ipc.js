// Unix-domain sockets: connect by path (plain and Linux abstract), echo,
// properties, and the errors of bad paths worded as Node's.
'use strict';
const net = require('net');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { log, watch, q } = require('./trace');

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cnet-ipc-'));
const norm = (s) => String(s).split(dir).join('DIR').replace(/\0cnet-[0-9]+/g, '@ABSTRACT');
const sockPath = path.join(dir, 'echo.sock');
const abstract = `\0cnet-${process.pid}`;

function tryConnect(name, p, then) {
  const c = net.connect(p);
  c.on('connectionAttempt', (a, port, fam) => log(name, 'connectionAttempt', norm(a), port, fam));
  c.on('connectionAttemptFailed', (a, port, fam, e) => log(name, 'connectionAttemptFailed', norm(a), port, fam, e.code));
  c.on('error', (e) => log(name, 'error', e.code, q(norm(e.message)), e.syscall, norm(e.address), e.port));
  c.on('close', (h) => { log(name, 'close', h); then(); });
  return c;
}

const server = net.createServer((c) => {
  log('server connection', c.remoteAddress, c.remotePort, c.readyState);
  c.on('data', (d) => c.write(d));
  c.on('end', () => c.end());
});
server.listen(sockPath, () => {
  log('server listening', norm(server.address()));
  const c = net.connect(sockPath, () => {
    log('client connect', c.readyState, c.remoteAddress, c.localAddress, JSON.stringify(c.address()));
    c.end('ping');
  });
  watch(c, 'client', ['data', 'end', 'close']);
  c.on('close', () => {
    fs.writeFileSync(path.join(dir, 'file'), 'not a socket');
    tryConnect('missing', path.join(dir, 'missing.sock'), () =>
      tryConnect('notsock', path.join(dir, 'file'), () =>
        tryConnect('toolong', path.join(dir, 'x'.repeat(120)), () =>
          tryConnect('abstract-missing', abstract, () => abstractEcho()))));
  });
});

function abstractEcho() {
  const s2 = net.createServer((c) => c.end('abstract hello'));
  s2.listen(abstract, () => {
    log('abstract listening', norm(s2.address()));
    const c = net.connect(abstract);
    watch(c, 'abstract-client', ['connect', 'data', 'end', 'close']);
    c.on('close', () => s2.close(() => server.close(() => {
      log('server closed', fs.existsSync(sockPath));
      fs.rmSync(dir, { recursive: true });
    })));
  });
}
