// Backpressure: the writer stops when write() returns false and goes on at
// 'drain'; the reader does not read until the writer has had to stop.
const net = require('node:net');

const TOTAL = 16 * 1024 * 1024;
const chunk = Buffer.alloc(64 * 1024, 'x');
let client, sent = 0, falses = 0, drains = 0, withinBound = true;

function produce(c) {
  while (sent < TOTAL) {
    sent += chunk.length;
    const room = c.write(chunk);
    if (c.writableLength >= c.writableHighWaterMark + chunk.length) withinBound = false;
    if (!room) {
      if (falses++ === 0) {
        console.log('server: write() returned false; the client starts reading');
        client.resume();
      }
      return; // goes on at 'drain'
    }
  }
  console.log(`server: wrote ${sent} bytes; a drain for each false: ${drains === falses}`);
  console.log(`server: the queue stayed below highWaterMark plus a chunk: ${withinBound}`);
  c.end();
}

const server = net.createServer((c) => {
  c.on('drain', () => {
    drains++;
    produce(c);
  });
  produce(c);
});
server.listen(0, '127.0.0.1', () => {
  let read = 0;
  client = net.connect(server.address().port, '127.0.0.1');
  client.pause(); // no reading until the writer has had to stop
  client.on('data', (data) => { read += data.length; });
  client.on('end', () => {
    console.log(`client: read ${read} bytes`);
    server.close();
  });
});
