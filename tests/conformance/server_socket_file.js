// The file of a Unix socket server: made with the process's umask, and
// readableAll/writableAll add read/write for all to what the umask gave,
// nothing more. A symlink at the path (to a file, or dangling) is never
// followed: EADDRINUSE, the link and what it names are left as they were.
'use strict';
const net = require('net');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { log } = require('./trace');
const { errN, watchServer } = require('./server_trace');

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cnet-sockfile-'));
process.chdir(dir);
const steps = [];
const next = () => { const f = steps.shift(); if (f) f(); };
const mode = (p) => { const st = fs.lstatSync(p); return `${st.isSocket() ? 'socket' : 'other'} ${(st.mode & 0o777).toString(8)}`; };

for (const [umask, opts] of [[0o022, {}], [0o077, {}], [0o077, { readableAll: true }],
                             [0o077, { writableAll: true }], [0o027, { readableAll: true, writableAll: true }],
                             [0o000, { readableAll: true, writableAll: true }]]) {
  steps.push(() => {
    const name = `umask ${umask.toString(8)} ${JSON.stringify(opts)}`;
    process.umask(umask);
    const s = net.createServer();
    s.listen({ path: 'm.sock', ...opts }, () => {
      log(name, mode('m.sock'));
      s.close(() => { log(name, 'closed, exists', fs.existsSync('m.sock')); next(); });
    });
  });
}

for (const [name, target] of [['symlink to a file', 'target.txt'], ['dangling symlink', 'nowhere.sock']]) {
  steps.push(() => {
    process.umask(0o022);
    if (target === 'target.txt') fs.writeFileSync(target, 'mine');
    fs.symlinkSync(target, 'l.sock');
    const s = watchServer(net.createServer(), name);
    s.on('error', () => {
      log(name, 'link kept', fs.lstatSync('l.sock').isSymbolicLink(), 'target',
          fs.existsSync(target) ? mode(target) : 'absent');
      fs.unlinkSync('l.sock');
      if (fs.existsSync(target)) fs.unlinkSync(target);
      s.close(() => next());
    });
    s.listen({ path: 'l.sock', readableAll: true, writableAll: true });
  });
}

steps.push(() => {
  process.chdir(os.tmpdir());
  fs.rmSync(dir, { recursive: true });
});

next();
