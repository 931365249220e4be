// Backpressure: write() turns false past highWaterMark while the peer does
// not read; `drain` follows once the queue is flushed; every callback runs,
// in order; every byte arrives. Also one large write of 64 MiB.
'use strict';
const net = require('net');
const { log } = require('./trace');

const CHUNK = 65536;
const BIG = 64 * 1024 * 1024;
let expected = 0;

const server = net.createServer({ pauseOnConnect: true }, (c) => {
  let received = 0;
  c.on('data', (d) => { received += d.length; });
  c.on('end', () => { log('server received all', received === expected); c.end(); });
  setTimeout(() => c.resume(), 100);
});
server.listen(0, '127.0.0.1', () => {
  const c = net.connect(server.address().port, '127.0.0.1', () => {
    const chunk = Buffer.alloc(CHUNK, 'a');
    let k = 0, lastCb = -1, inOrder = true, called = 0;
    const cb = (i) => (err) => { if (err || i !== lastCb + 1) inOrder = false; lastCb = i; called++; };
    while (k < 2000 && c.write(chunk, cb(k))) k++;
    k++;
    expected = k * CHUNK;
    log('write turned false', k < 2000, c.writableLength > 0, c.bufferSize === c.writableLength,
        c.writableNeedDrain, c.bytesWritten === expected);
    c.once('drain', () => {
      log('drain', c.writableLength, called === k, inOrder);
      const big = Buffer.alloc(BIG, 'b');
      expected += BIG;
      const r = c.write(big, (err) => log('big write cb', err));
      log('big write returned', r, c.writableLength > 0);
      c.once('drain', () => { log('drain after big', c.writableLength); c.end(); });
    });
  });
  c.on('close', (h) => { log('client close', h); server.close(); });
});
