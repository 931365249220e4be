// destroy() while a write is under way (the kernel took part of it) and
// more wait behind it: the one under way is cancelled ("write ECANCELED",
// which becomes socket.errored when the destroy gave no error), the others
// fail with the socket's error, and so does end()'s callback.
'use strict';
const net = require('net');
const { log, errText } = require('./trace');

const big = Buffer.alloc(16 << 20, 'x');
const conns = [];
const server = net.createServer((c) => { c.pause(); conns.push(c); });
const rounds = [
  ['destroy()', (s) => s.destroy()],
  ['destroy(err)', (s) => s.destroy(Object.assign(new Error('boom'), { code: 'EBOOM' }))],
  ['resetAndDestroy()', (s) => s.resetAndDestroy()],
];

function round(i) {
  if (i === rounds.length) {
    conns.forEach((c) => c.destroy());
    return server.close(() => log('server closed'));
  }
  const [name, kill] = rounds[i];
  const s = net.connect(server.address().port, '127.0.0.1', () => {
    s.write(big, (e) => log(name, 'cb big', errText(e)));
    s.write('a', (e) => log(name, 'cb a', errText(e)));
    s.end((e) => log(name, 'end cb', errText(e)));
    kill(s);
    log(name, 'destroyed, errored', errText(s.errored));
  });
  s.on('error', (e) => log(name, 'error', errText(e)));
  s.on('close', (hadError) => {
    log(name, 'close', hadError, 'errored', errText(s.errored));
    round(i + 1);
  });
}

server.listen(0, '127.0.0.1', () => round(0));
