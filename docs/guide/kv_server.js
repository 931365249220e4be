// A key-value store over TCP with a line protocol:
//   SET key value  ->  OK        GET key  ->  value, or NOT FOUND
//   DEL key        ->  OK, or NOT FOUND
// Usage: node kv_server.js [PORT]; SIGTERM closes it.
const net = require('node:net');
const readline = require('node:readline');

const store = new Map();

const server = net.createServer((c) => {
  readline.createInterface({ input: c }).on('line', (line) => {
    const [command, key, ...words] = line.split(' ');
    if (command === 'SET' && key) {
      store.set(key, words.join(' '));
      c.write('OK\n');
    } else if (command === 'GET' && key) {
      c.write(store.has(key) ? `${store.get(key)}\n` : 'NOT FOUND\n');
    } else if (command === 'DEL' && key) {
      c.write(store.delete(key) ? 'OK\n' : 'NOT FOUND\n');
    } else {
      c.write(`ERROR ${command}\n`);
    }
  });
  c.on('error', (err) => console.log('client error:', err.code));
});

server.listen(Number(process.argv[2] ?? 7070), '127.0.0.1', () => {
  console.log('listening on port', server.address().port);
});

process.on('SIGTERM', () => {
  server.close(() => console.log(`closed with ${store.size} keys`));
});
