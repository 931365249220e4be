'use strict';
// SocketAddress: construction, validation errors and parse, one line each.
const { SocketAddress } = require('net');
const show = (s) => (s === undefined ? 'undefined'
  : `${s.address} ${s.port} ${s.family} ${s.flowlabel}`);
function make(opts) {
  try { console.log('new', JSON.stringify(opts), show(new SocketAddress(opts))); }
  catch (e) { console.log('new', JSON.stringify(opts), `${e.name} ${e.code}: ${e.message}`); }
}
make({});
make({ address: '123.123.123.123', port: 80 });
make({ family: 'ipv6', flowlabel: 1 });
make({ family: 'IPv6', address: 'fe80::1%lo' });
make({ family: 'IPv4' });
make({ family: 'ipv5' });
make({ family: "it's" });
make({ port: 65536 });
make({ flowlabel: -1 });
make({ flowlabel: 2 ** 40 });
make({ address: '1.2.3', port: 1 });
for (const s of ['127.1:80', '127.1:81', '0xffffffff', '[::1]:8080', '[::ffff:1.2.3.4]:1',
  '::1', 'user:pw@1.2.3.4:5/path', '192.168.257:1', '259.1.1.1', '1.2.3.4:65536'])
  console.log('parse', JSON.stringify(s), show(SocketAddress.parse(s)));
