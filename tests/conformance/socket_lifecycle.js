// A client's whole life against an echo server: connect, ready, write with
// callbacks, data, end/finish, close; readyState and counters at each step.
'use strict';
const net = require('net');
const { log, watch, SOCKET_EVENTS } = require('./trace');

const server = net.createServer((c) => {
  log('server connection', c.readyState, c.remoteAddress, c.remoteFamily);
  watch(c, 'server-side', ['data', 'end', 'finish', 'close']);
  c.on('data', (d) => c.write(d));
  c.on('end', () => c.end());
});
server.listen(0, '127.0.0.1', () => {
  const c = net.createConnection({ port: server.address().port, host: '127.0.0.1' });
  log('client created', c.readyState, c.pending, c.connecting, c.bytesWritten);
  watch(c, 'client', SOCKET_EVENTS);
  const r = c.write('hello ', () => log('client write1 cb', c.writableLength));
  log('client write1 returned', r, c.bytesWritten, c.writableLength);
  c.on('connect', () => {
    log('client connected', c.readyState, c.pending, c.connecting, c.remoteAddress, c.remoteFamily, c.localAddress);
    c.write('world', () => log('client write2 cb'));
    c.end(() => log('client end cb', c.writableFinished));
    log('client after end', c.readyState, c.writableEnded, c.writableFinished);
  });
  c.on('end', () => log('client end state', c.readyState, c.readableEnded));
  c.on('close', () => {
    log('client closed', c.readyState, c.destroyed, c.bytesRead, c.bytesWritten, c.remoteAddress);
    server.close(() => log('server closed'));
  });
});
