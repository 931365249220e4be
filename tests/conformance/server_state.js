// server.address().port (cnet_server_port) and the length of the address
// of a Unix socket or abstract name, and server.blockList: before listening,
// listening on TCP IPv4, IPv6, a Unix socket and an abstract name, and after
// close.
'use strict';
const net = require('net');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { log } = require('./trace');

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cnet-'));
const abstract = `\0cnet-state-${process.pid}`;
const where = [['tcp4', [0, '127.0.0.1']], ['tcp6', [0, '::1']],
               ['unix', [path.join(dir, 's')]], ['abstract', [abstract]]];

// server.address().port, -1 where Node has no port
function port(srv) {
  const a = srv.address();
  return a !== null && typeof a === 'object' ? a.port : -1;
}

// the port, then the family, or for a path whether it and its length are the ones listened on
function show(name, when, srv, args) {
  const a = srv.address();
  const p = port(srv);
  log(name, when, p === -1 ? -1 : p > 0 ? 'PORT' : p,
      typeof a === 'string' ? `path ${a === args[0]} ${a.length === args[0].length}` : String(a && a.family));
}

function run(i) {
  if (i === where.length) {
    fs.rmSync(dir, { recursive: true });
    return;
  }
  const [name, args] = where[i];
  const bl = new net.BlockList();
  // the even ones get a block list
  const srv = i % 2 === 0 ? net.createServer({ blockList: bl }) : net.createServer();
  log(name, 'blockList', i % 2 === 0 ? srv.blockList === bl : String(srv.blockList));
  show(name, 'before listen', srv, args);
  srv.listen(...args, () => {
    show(name, 'listening', srv, args);
    srv.close(() => {
      show(name, 'closed', srv, args);
      run(i + 1);
    });
  });
}

run(0);
