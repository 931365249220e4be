// write(string, encoding) as Buffer.from(string, encoding); setEncoding()
// decoding with a character split across reads held back until it is whole.
'use strict';
const net = require('net');
const { log, watch, until, errText } = require('./trace');

const writes = [['héllo', 'latin1'], ['68656c6c6fZZ', 'hex'], ['aGVsbG8=', 'base64'],
                ['aGk_-w', 'base64url'], ['€', 'utf16le'], ['ascii\u00e9', 'ascii'], ['naïve', 'utf8'],
                ['plain', undefined]];
// What the server sends back after the client's end (so it allows half-open),
// half a character at a time: the second half once the client has read the first.
const halves = [Buffer.from([0xe2, 0x82]), Buffer.from([0xac, 0x21])];

let client;
const server = net.createServer({ allowHalfOpen: true }, (c) => {
  const got = [];
  c.on('data', (d) => got.push(d));
  c.on('end', () => {
    log('server received', Buffer.concat(got).toString('hex'));
    c.write(halves[0]);
    until(() => client.bytesRead === 2, () => c.end(halves[1]));
  });
});
server.listen(0, '127.0.0.1', () => {
  const c = client = net.connect(server.address().port, '127.0.0.1', () => {
    for (const [s, enc] of writes) log('write', JSON.stringify(s), enc, c.write(s, enc));
    c.end();
  });
  try { c.setEncoding('bogus'); } catch (e) { log('setEncoding bogus throws', errText(e)); }
  c.setEncoding('utf8');
  watch(c, 'client', ['data', 'end', 'close']);
  c.on('close', () => hexClient());
});

function hexClient() {
  const s2 = net.createServer((c) => {
    c.write(Buffer.from([1, 2]));
    until(() => client.bytesRead === 2, () => c.end(Buffer.from([3, 4, 5])));
  });
  s2.listen(0, '127.0.0.1', () => {
    const encs = ['hex', 'base64', 'base64url', 'latin1', 'utf16le', 'ascii'];
    let i = 0;
    const next = () => {
      if (i === encs.length) { s2.close(); server.close(); return; }
      const enc = encs[i++];
      const c = client = net.connect(s2.address().port, '127.0.0.1');
      c.setEncoding(enc);
      watch(c, enc, ['data', 'end']);
      c.on('close', next);
    };
    next();
  });
}
