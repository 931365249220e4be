// ref()/unref(): unref() before the socket has a handle applies at connect;
// a connected socket whose handles are all unref'd, with only an idle
// timeout set, lets the process exit (a timeout never keeps it alive).
'use strict';
const net = require('net');
const { log } = require('./trace');

process.on('exit', (code) => log('exit', code));
const server = net.createServer((s) => {
  log('server connection');
  s.unref();
});
server.listen(0, '127.0.0.1', () => {
  server.unref();
  const c = new net.Socket();
  c.unref(); // no handle yet: applied at connect
  c.ref();
  c.unref();
  c.setTimeout(5000, () => log('timeout'));
  c.connect(server.address().port, '127.0.0.1', () => log('client connected'));
  c.on('close', () => log('client close'));
});
