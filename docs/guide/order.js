// Node's order of events, ticks, immediates and timers.
const net = require('node:net');

const server = net.createServer((c) => {
  console.log('connection');
  setTimeout(() => console.log('timeout of 0 ms'), 0);
  setImmediate(() => {
    console.log('immediate');
    process.nextTick(() => console.log('tick queued by the immediate'));
  });
  process.nextTick(() => {
    console.log('tick 1');
    process.nextTick(() => console.log('tick 3, queued by tick 1'));
  });
  process.nextTick(() => console.log('tick 2'));
  c.end();
  server.close();
  console.log('connection listener returns');
});
server.listen(0, '127.0.0.1', () => {
  console.log('listening');
  net.connect(server.address().port, '127.0.0.1').resume();
});
process.nextTick(() => console.log('tick queued by the main program'));
console.log('main program ends');
