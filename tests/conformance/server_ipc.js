// IPC servers: a socket file (address, modes with readableAll/writableAll,
// connection, unlinked on close), a stale file (EADDRINUSE, kept), a name
// that fills sun_path (108 bytes, no NUL; one more is EINVAL: see
// pending/server_ipc_long), a Linux abstract name, readableAll on an abstract name.
'use strict';
const net = require('net');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { log } = require('./trace');
const { errN, watchServer } = require('./server_trace');

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cnet-ipc-'));
process.chdir(dir);
const steps = [];
const next = () => { const f = steps.shift(); if (f) f(); };
const addrIs = (s, p) => { const a = s.address(); return a === null ? 'null' : a === p; };

steps.push(() => {
  const s = watchServer(net.createServer((c) => {
    log('file connection', c.remoteAddress, c.remotePort, c.localAddress);
    c.end('bye');
  }), 'file');
  s.listen({ path: 'srv.sock', readableAll: true, writableAll: true }, () => {
    const st = fs.statSync('srv.sock');
    log('file listen cb', addrIs(s, 'srv.sock'), st.isSocket(), (st.mode & 0o666) === 0o666);
    const c = net.connect('srv.sock');
    c.on('data', (d) => log('file client data', d.toString()));
    c.on('close', () => s.close(() => {
      log('file closed', fs.existsSync('srv.sock'), addrIs(s, 'srv.sock'), s.listening);
      next();
    }));
  });
});

steps.push(() => {
  fs.writeFileSync('stale.sock', '');
  const s = watchServer(net.createServer(), 'stale');
  s.on('error', () => {
    log('stale after error', fs.existsSync('stale.sock'), s.listening, addrIs(s, 'stale.sock'));
    fs.unlinkSync('stale.sock');
    s.listen('stale.sock', () => {
      log('stale relisten cb', addrIs(s, 'stale.sock'));
      s.close(next);
    });
  });
  s.listen('stale.sock');
});

steps.push(() => {
  const s = watchServer(net.createServer(), 'full');
  s.listen('f'.repeat(108), () => {
    log('full listen cb', addrIs(s, 'f'.repeat(108)), fs.existsSync('f'.repeat(108)));
    s.close(() => { log('full closed', fs.existsSync('f'.repeat(108))); next(); });
  });
});

steps.push(() => {
  const name = '\0cnet-ipc-' + process.pid;
  const s = watchServer(net.createServer((c) => { log('abstract connection'); c.end(); }), 'abstract');
  try { s.listen({ path: '\0abc', readableAll: true }); } catch (e) { log('abstract readableAll threw', errN(e)); }
  try { s.listen({ path: '\0abc', writableAll: true }); } catch (e) { log('abstract writableAll threw', errN(e)); }
  s.listen({ path: name }, () => {
    log('abstract listen cb', addrIs(s, name));
    const c = net.connect({ path: name });
    c.resume();
    c.on('close', () => s.close(() => { log('abstract closed', addrIs(s, name)); next(); }));
  });
});

steps.push(() => {
  process.chdir(os.tmpdir());
  fs.rmSync(dir, { recursive: true });
});

next();
