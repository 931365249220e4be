'use strict';
// BlockList: rules in Node's order and words, checks across families,
// and the errors bad input gets.
const { BlockList, SocketAddress } = require('net');
const bl = new BlockList();
function run(what, f) {
  try { const r = f(); console.log(what, r === undefined ? 'ok' : r); }
  catch (e) { console.log(what, `${e.name} ${e.code}: ${e.message}`); }
}
run('addAddress 123.123.123.123', () => bl.addAddress('123.123.123.123'));
run('addRange 10.0.0.1-10.0.0.10', () => bl.addRange('10.0.0.1', '10.0.0.10'));
run('addSubnet 8592:757c:efae:4e45::/64', () => bl.addSubnet('8592:757c:efae:4e45::', 64, 'ipv6'));
run('addAddress ::ffff:1.1.1.1 IPv6', () => bl.addAddress('::ffff:1.1.1.1', 'IPv6'));
run('addSubnet ::ffff:192.168.0.0/112', () => bl.addSubnet('::ffff:192.168.0.0', 112, 'ipv6'));
run('addRange sa ::1-::ffff:10.0.1.255', () => bl.addRange(
  new SocketAddress({ address: '::1', family: 'ipv6' }), new SocketAddress({ address: '10.0.1.255' })));
run('addRange 10.0.0.10-10.0.0.1', () => bl.addRange('10.0.0.10', '10.0.0.1'));
run('addRange ::ffff:10.0.0.10-::ffff:10.0.0.1', () => bl.addRange('::ffff:10.0.0.10', '::ffff:10.0.0.1', 'ipv6'));
run('addSubnet 1.2.3.4/33', () => bl.addSubnet('1.2.3.4', 33));
run('addSubnet ::/129', () => bl.addSubnet('::', 129, 'ipv6'));
run('addAddress 1.2.3.4 ipv7', () => bl.addAddress('1.2.3.4', 'ipv7'));
run('addAddress ::1 ipv4', () => bl.addAddress('::1', 'ipv4'));
run('addAddress undefined', () => bl.addAddress(undefined));
for (const [a, f] of [['123.123.123.123'], ['10.0.0.3'], ['222.111.111.222'],
  ['::ffff:7b7b:7b7b', 'ipv6'], ['::ffff:123.123.123.123', 'ipv6'], ['8592:757c:efae:4e45::1', 'ipv6'],
  ['1.1.1.1'], ['192.168.7.7'], ['::ffff:10.0.1.0', 'ipv6'], ['10.0.1.0'], ['::2', 'ipv6'],
  ['not an ip'], ['1.1.1.1', 'ipv9'], ['123.123.123.123', 'IPV4']])
  run(`check ${a} ${f}`, () => bl.check(a, f));
console.log(bl.rules);
console.log('isBlockList', BlockList.isBlockList(bl), BlockList.isBlockList({}));
