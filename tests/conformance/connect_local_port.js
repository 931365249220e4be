// localPort while connecting by name: each autoselection attempt binds it on
// a fresh handle (errors then name it: "- Local (:::PORT)"); a bind failure
// is recorded without an event; the single-address path binds once.
'use strict';
const net = require('net');
const { ports, watchc, crafted, steps, log } = require('./connect_trace');

let fromLocalPort = null; // the server saw the client's localPort (printed at close)
const server = net.createServer((c) => {
  fromLocalPort = c.remotePort === ports[1];
  c.end();
});

function run(name, opts, next) {
  const s = watchc(new net.Socket(), name);
  s.on('close', next);
  s.on('connect', () => log(name, 'localPort is the one asked', s.localPort === opts.localPort));
  s.connect({ port: server.address().port, host: 'x.test', ...opts });
}

// Two ports free on both families: listened on (dual-stack ::) and closed.
function freePort(cb) {
  const t = net.createServer().listen(0, '::', () => { const p = t.address().port; t.close(() => cb(p)); });
}

server.listen(0, '127.0.0.1', () => freePort((lp1) => freePort((lp2) => {
  ports.push(server.address().port, lp1, lp2);
  const srv = server.address().port;
  steps([
    (next) => run('multi', { localPort: lp1, lookup: crafted([['::1', 6], ['127.0.0.1', 4]], -1) }, () => {
      log('server saw the local port', fromLocalPort);
      next();
    }),
    (next) => run('single-refused', { localPort: lp2, autoSelectFamily: false,
                                      lookup: crafted([['127.0.0.2', 4]], -1) }, next),
    (next) => run('multi-bind-in-use', { localPort: srv, lookup: crafted([['::1', 6], ['127.0.0.2', 4]], -1) }, next),
    (next) => run('single-bind-in-use', { localPort: srv, autoSelectFamily: false,
                                          lookup: crafted([['127.0.0.2', 4]], -1) }, next),
  ], () => server.close(() => log('server closed')));
})));
