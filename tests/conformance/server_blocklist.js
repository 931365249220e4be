// createServer({ blockList }): a blocked peer is closed without
// `connection` (the client sees its connection end); others are accepted.
// The server listens on 127.0.0.1 (127.0.0.2 is let in) and on :: (where
// IPv4 peers are mapped; ::1 is let in).
// Pending: needs the real BlockList (src/blocklist_stub_tmp.c is a stub).
'use strict';
const net = require('net');
const { log } = require('./trace');
const { watchServer } = require('./server_trace');

const bl = new net.BlockList();
bl.addAddress('127.0.0.1');
const steps = [];
const next = () => { const f = steps.shift(); if (f) f(); };

function run(name, host, blocked, allowed) {
  const s = watchServer(net.createServer({ blockList: bl }, (c) => {
    log(name, 'connection', c.remoteAddress);
    c.end();
  }), name);
  s.listen(0, host, () => {
    const port = s.address().port;
    const c = net.connect(port, blocked);
    const lines = [];
    for (const ev of ['connect', 'end', 'close']) c.on(ev, () => lines.push(`${name} blocked client ${ev}`));
    c.on('error', (e) => lines.push(`${name} blocked client error ${e.code}`));
    c.resume();
    c.on('close', () => {
      lines.forEach((l) => log(l));
      const d = net.connect({ port, ...allowed });
      d.resume();
      d.on('close', () => s.close(next));
    });
  });
}
steps.push(() => run('v4', '127.0.0.1', '127.0.0.1', { host: '127.0.0.1', localAddress: '127.0.0.2' }));
steps.push(() => run('dual', '::', '127.0.0.1', { host: '::1' }));
next();
