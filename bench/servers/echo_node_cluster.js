// Node's cluster running echo_node.js's server in each worker: the primary
// forks WORKERS processes, each calling net.createServer(c => c.pipe(c))
// .listen(...); the primary accepts and hands connections round-robin (the
// default scheduling on Linux). Run with the Node v23.5.0 that
// ../shared/tools/node-oracle prints.
//   node echo_node_cluster.js PORT|PATH WORKERS
'use strict';
const cluster = require('node:cluster');
const net = require('node:net');

const [arg, count] = process.argv.slice(2);
if (arg === undefined || !(Number(count) >= 1)) {
  console.error('usage: node echo_node_cluster.js PORT|PATH WORKERS');
  process.exit(2);
}
if (cluster.isPrimary) {
  let listening = 0;
  for (let i = 0; i < Number(count); i++) cluster.fork();
  cluster.on('listening', (worker, a) => {
    if (++listening === Number(count))
      console.log(`ready ${a.addressType === -1 ? a.address : a.port}`);
  });
  process.on('SIGTERM', () => {
    for (const id in cluster.workers) cluster.workers[id].kill();
    process.exit(0);
  });
} else {
  const server = net.createServer((c) => {
    c.on('error', () => {});
    c.pipe(c);
  });
  if (/^\d+$/.test(arg)) server.listen(Number(arg), '127.0.0.1');
  else server.listen(arg);
}
