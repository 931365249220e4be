// end(data) when the data cannot be written: Writable.end's own _write,
// not socket.write, checks it. After destroy() the callback gets
// ERR_STREAM_DESTROYED (the write's wording) and no `error` comes. After
// the peer's FIN without half-open, end() then end(data) is a write after
// end (not net's EPIPE, which only socket.write gives).
'use strict';
const net = require('net');
const { log, watch, errText } = require('./trace');
const cb = (name) => (err) => log(name, 'cb', errText(err));

const server = net.createServer((s) => { s.resume(); s.end(); });
server.listen(0, '127.0.0.1', () => {
  const port = server.address().port;
  const a = net.connect(port, '127.0.0.1', () => {
    a.destroy();
    a.end('x', cb('a end-data-after-destroy'));
    log('a', a.destroyed, a.writableLength);
  });
  watch(a, 'a', ['error', 'close']);
  a.on('close', () => {
    const b = net.connect(port, '127.0.0.1');
    watch(b, 'b', ['end', 'finish', 'error', 'close']);
    b.on('end', () => {
      b.end();
      b.end('x', cb('b end-data-after-end'));
      log('b', b.destroyed, b.writableLength);
    });
    b.on('close', () => server.close(() => log('server closed')));
  });
});
