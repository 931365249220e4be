// The onread option with a function for the buffer: it is asked for the
// buffer of the first read when the socket gets its handle, and for the
// next one after each callback; an answer that is not a buffer keeps the
// one before. Three 2-byte buffers in turn take "hello world" 2 bytes at a
// time (the third ask answers null), then `end`.
'use strict';
const net = require('net');
const { log, watch } = require('./trace');

const server = net.createServer((s) => {
  server.close();
  s.end('hello world');
});
server.listen(0, '127.0.0.1', () => {
  const pool = [Buffer.alloc(2), Buffer.alloc(2), Buffer.alloc(2)];
  let asks = 0;
  let idx = -1;
  const c = net.connect({
    port: server.address().port,
    host: '127.0.0.1',
    onread: {
      buffer: () => {
        asks++;
        if (asks === 3) {
          log('ask', asks, 'null');
          return null;
        }
        idx = (idx + 1) % pool.length;
        log('ask', asks, 'pool', idx);
        return pool[idx];
      },
      callback(nread, buf) {
        log('onread', nread, JSON.stringify(buf.toString('latin1', 0, nread)), 'pool', pool.indexOf(buf));
      },
    },
  });
  log('connect returned, asks', asks);
  watch(c, 'client', ['connect', 'data', 'end', 'close']);
  c.on('close', () => log('asks', asks));
});
