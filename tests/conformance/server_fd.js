// listen({ fd }) on a regular file (async EINVAL), on a TCP socket bound but
// not listening; listen(handle) on another server's handle, which then
// accepts for the new server.
'use strict';
const net = require('net');
const fs = require('fs');
const { log } = require('./trace');
const { addr, watchServer } = require('./server_trace');
const { TCP, constants: TCPConstants } = process.binding('tcp_wrap');

const steps = [];
const next = () => { const f = steps.shift(); if (f) f(); };

steps.push(() => {
  const fd = fs.openSync(__filename, 'r');
  const s = watchServer(net.createServer(), 'file');
  s.on('error', (e) => {
    log('file error fields', e.syscall, e.address, e.port, s.listening);
    fs.closeSync(fd);
    s.close(() => next());
  });
  s.listen({ fd });
  log('file after listen()', s.listening);
});

steps.push(() => {
  const h = new TCP(TCPConstants.SOCKET);
  h.bind('127.0.0.1', 0);
  const out = {};
  h.getsockname(out);
  const s = watchServer(net.createServer((c) => {
    log('bound connection', c.remoteAddress);
    c.end();
  }), 'bound');
  s.listen({ fd: h.fd }, () => {
    const a = s.address();
    log('bound listen cb', addr(a), a.port === out.port);
    net.connect(a.port, '127.0.0.1').on('close', () => s.close(next)).resume();
  });
  log('bound after listen()', s.listening);
});

steps.push(() => {
  const first = watchServer(net.createServer(() => log('first connection')), 'first');
  first.listen(0, '127.0.0.1', () => {
    const second = watchServer(net.createServer((c) => {
      log('second connection');
      c.end();
    }), 'second');
    second.listen({ handle: first._handle }, () => {
      log('second listen cb', addr(second.address()), first.listening, second.address().port === first.address().port);
      net.connect(first.address().port, '127.0.0.1').on('close', () => {
        second.close(() => {
          log('second closed', first.listening);
          first.close(() => next());
        });
      }).resume();
    });
  });
});

next();
