// ipv6Only on :: refuses IPv4 (a 127.0.0.1 connect fails, and 127.0.0.1 can
// take the same port), reusePort lets two servers share a port (not without
// it), exclusive is accepted.
'use strict';
const net = require('net');
const { log } = require('./trace');
const { errN, addr, watchServer } = require('./server_trace');

const steps = [];
const next = () => { const f = steps.shift(); if (f) f(); };

steps.push(() => {
  const s = watchServer(net.createServer((c) => { log('v6only connection', c.remoteAddress); c.end(); }), 'v6only');
  s.listen({ port: 0, host: '::', ipv6Only: true }, () => {
    log('v6only listen cb', addr(s.address()));
    const port = s.address().port;
    net.connect(port, '127.0.0.1').on('error', (e) => {
      log('v6only ipv4 connect', errN(e));
      const v4 = watchServer(net.createServer(), 'v4-same-port');
      v4.listen(port, '127.0.0.1', () => {
        log('v4-same-port same', v4.address().port === port);
        net.connect(port, '::1').on('close', () => { v4.close(); s.close(next); }).resume();
      });
    });
  });
});

steps.push(() => {
  const a = watchServer(net.createServer(), 'reuse-a');
  a.listen({ port: 0, host: '127.0.0.1', reusePort: true }, () => {
    const port = a.address().port;
    const b = watchServer(net.createServer(), 'reuse-b');
    b.listen({ port, host: '127.0.0.1', reusePort: true }, () => {
      log('reuse-b same port', b.address().port === port);
      const c = watchServer(net.createServer(), 'plain');
      c.on('error', () => {
        c.close();
        b.close();
        a.close(() => next());
      });
      c.listen({ port, host: '127.0.0.1' });
    });
  });
});

steps.push(() => {
  const s = watchServer(net.createServer(), 'exclusive');
  s.listen({ port: 0, host: '127.0.0.1', exclusive: true }, () => {
    log('exclusive listen cb', addr(s.address()));
    s.close();
  });
});

next();
