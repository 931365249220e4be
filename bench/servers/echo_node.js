// Node, as its net documentation shows an echo server: c.pipe(c).
// Run with the Node v23.5.0 that ../shared/tools/node-oracle prints.
//   node echo_node.js PORT|PATH
'use strict';
const net = require('node:net');

const arg = process.argv[2];
if (arg === undefined) {
  console.error('usage: node echo_node.js PORT|PATH');
  process.exit(2);
}
const server = net.createServer((c) => {
  c.on('error', () => {}); // a peer's reset ends the connection, not the server
  c.pipe(c);
});
const ready = () => {
  const a = server.address();
  console.log(`ready ${typeof a === 'string' ? a : a.port}`);
};
if (/^\d+$/.test(arg)) server.listen(Number(arg), '127.0.0.1', ready);
else server.listen(arg, ready);
