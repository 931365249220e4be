'use strict';
const net = require('net');
const { log, watch, SOCKET_EVENTS, errText } = require('./trace');
const cb = (name) => (err) => log(name, 'cb', errText(err));

const server = net.createServer((c) => { c.resume(); c.on('end', () => c.end()); });
let port2, received;
let pending = 2;
function done() {
  if (--pending) return;
  log('server2 received', JSON.stringify(received));
  server.close(() => log('server closed'));
  server2.close();
}
const server2 = net.createServer((c) => {
  let got = '';
  c.setEncoding('latin1');
  c.on('data', (d) => { got += d; if (got === 'hi') c.end(); });
  c.on('end', () => { received = got; done(); });
});
server2.listen(0, '127.0.0.1', () => { port2 = server2.address().port; });
server.listen(0, '127.0.0.1', () => {
  const port = server.address().port;
  // 1. write after end: callback and `error` get ERR_STREAM_WRITE_AFTER_END, then close(true)
  const a = net.connect(port, '127.0.0.1', () => {
    a.end();
    const r = a.write('x', cb('a write-after-end'));
    log('a write returned', r, a.destroyed);
  });
  watch(a, 'a', ['error', 'close', 'finish']);
  a.on('close', () => {
    // 2. write after destroy: only the callback, no `error`
    const b = net.connect(port, '127.0.0.1', () => {
      b.destroy();
      const r = b.write('x', cb('b write-after-destroy'));
      log('b write returned', r);
      b.end(cb('b end-after-destroy'));
    });
    watch(b, 'b', ['error', 'close']);
    b.on('close', () => {
      // 3. destroyed while connecting, with writes pending
      const c = net.connect(port, '127.0.0.1');
      watch(c, 'c', ['connect', 'error', 'close']);
      c.write('one', cb('c write1'));
      c.write('two', cb('c write2'));
      c.destroy();
      c.on('close', () => {
        // 4. end twice: the second end's callback after finish
        const d = net.connect(port, '127.0.0.1', () => {
          d.end(cb('d end1'));
          d.end(cb('d end2'));
        });
        watch(d, 'd', ['finish', 'end', 'error', 'close']);
        d.on('finish', () => d.end(cb('d end3')));
        d.on('close', () => {
          // 5. the peer ends first: a write in `end` still goes out, a later one gets EPIPE
          const e = net.connect(port2, '127.0.0.1', () => e.write('hi'));
          watch(e, 'e', ['end', 'finish', 'error', 'close']);
          e.on('end', () => {
            log('e in end', e.readyState, e.write('from-end', cb('e write-in-end')));
            setImmediate(() => log('e later', e.readyState, e.write('late', cb('e write-late'))));
          });
          e.on('close', done);
        });
      });
    });
  });
});
