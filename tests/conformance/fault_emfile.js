// Out of descriptors when connecting (EMFILE from socket(), before any
// connect): the error and `close`, over TCP, a Unix socket and Happy
// Eyeballs attempts; then, with two descriptors given back, the program
// connects again as if nothing happened. The descriptors are used up with
// opens of /dev/null.
'use strict';
const net = require('net');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { say, setDir, addPort, track } = require('./fault_trace');

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cnet-emfile-'));
setDir(dir);
const sockPath = path.join(dir, 's');
const held = [];

function useUpDescriptors() {
  for (;;) {
    try { held.push(fs.openSync('/dev/null', 'r')); } catch (e) { return e.code; }
  }
}

const tcp = net.createServer((c) => c.end('hi'));
const unix = net.createServer((c) => c.end('hi'));
const lookup = (host, opts, cb) => cb(null, [{ address: '127.0.0.1', family: 4 }, { address: '::1', family: 6 }]);

const steps = [];
const next = () => { const f = steps.shift(); if (f) f(); };
function attempt(name, opts) {
  steps.push(() => {
    const s = net.connect(opts);
    track(s, name);
    s.resume();
    s.on('close', () => setImmediate(next));
  });
}

tcp.listen(0, '127.0.0.1', () => unix.listen(sockPath, () => {
  const port = tcp.address().port;
  addPort(port);
  steps.push(() => { say('used up', useUpDescriptors()); next(); });
  attempt('tcp', { port, host: '127.0.0.1' });
  attempt('unix', { path: sockPath });
  attempt('happy eyeballs', { port, host: 'x.test', lookup, autoSelectFamily: true });
  steps.push(() => {
    fs.closeSync(held.pop());
    fs.closeSync(held.pop());
    say('two descriptors back');
    next();
  });
  attempt('tcp again', { port, host: '127.0.0.1' });
  attempt('unix again', { path: sockPath });
  steps.push(() => {
    held.forEach((fd) => fs.closeSync(fd));
    tcp.close(() => unix.close(() => { fs.rmSync(dir, { recursive: true }); say('servers closed'); }));
  });
  next();
}));
