// A Unix socket the caller may not open: EACCES, worded as Node's. Needs
// root, to switch the effective user to nobody for the connect and back.
'use strict';
const net = require('net');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { log, q } = require('./trace');

if (process.getuid() !== 0) { console.log('SKIP: needs root to change the effective user'); process.exit(77); }
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cnet-eacces-'));
fs.chmodSync(dir, 0o755);
const sockPath = path.join(dir, 's.sock');
const norm = (s) => String(s).split(dir).join('DIR');

const server = net.createServer((c) => log('unexpected connection'));
server.listen(sockPath, () => {
  fs.chmodSync(sockPath, 0o700);
  process.seteuid(65534);
  const c = net.connect(sockPath);
  process.seteuid(0);
  c.on('connectionAttemptFailed', (a, p, f, e) => log('connectionAttemptFailed', norm(a), e.code));
  c.on('error', (e) => log('error', e.code, q(norm(e.message)), e.syscall, norm(e.address)));
  c.on('close', (h) => {
    log('close', h);
    server.close(() => { fs.rmSync(dir, { recursive: true }); log('done'); });
  });
});
