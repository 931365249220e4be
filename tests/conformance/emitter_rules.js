// EventEmitter rules on a real socket: listeners run in the order added;
// adding or removing during an emit does not change that emit; once
// listeners are removed before they run; removeListener takes the last added.
'use strict';
const net = require('net');
const { log } = require('./trace');

const server = net.createServer((c) => c.end());
server.listen(0, '127.0.0.1', () => {
  const c = new net.Socket();
  const a = () => log('a');
  const b = () => { log('b removes c, adds d'); c.off('connect', cc); c.on('connect', d); };
  const cc = () => log('c (removed during the emit, still runs)');
  const d = () => log('d (added during the emit, runs next time)');
  const o = () => log('o (once)', c.listenerCount('connect'));
  c.on('connect', a);
  c.once('connect', o);
  c.on('connect', b);
  c.on('connect', cc);
  c.prependListener('connect', () => log('p (prepended)'));
  c.on('end', () => log('end listeners', c.listenerCount('connect')));
  c.on('close', () => {
    c.on('timeout', a);
    c.on('timeout', b);
    c.on('timeout', a);
    c.off('timeout', a);
    log('timeout listeners after removing one a', c.listenerCount('timeout'));
    c.removeAllListeners('timeout');
    log('after removeAllListeners', c.listenerCount('timeout'));
    server.close();
  });
  c.connect(server.address().port, '127.0.0.1');
});
