// server.listen in its TCP forms: no host (dual-stack ::), IPv4, IPv6, a
// host name, backlog, errors (EADDRINUSE, already listening, bad port),
// listening again after an error, after close and from a `close` listener,
// a second listen() while a lookup is pending, close() twice.
// A name listens on the first answer of dns.lookup: the trace says whether it
// did, not which address that is, since machines resolve `localhost` to
// 127.0.0.1, to ::1, or to both in either order.
'use strict';
const dns = require('dns');
const net = require('net');
const { log } = require('./trace');
const { errN, addr, watchServer } = require('./server_trace');

const steps = [];
const next = () => { const f = steps.shift(); if (f) f(); };
const attempt = (what, f) => { try { f(); log(what, 'ok'); } catch (e) { log(what, 'threw', errN(e)); } };

steps.push(() => {
  const s = watchServer(net.createServer(), 'any');
  log('any before', addr(s.address()), s.listening);
  s.listen(0, () => {
    log('any listen cb', addr(s.address()), s.listening);
    const c = net.connect(s.address().port, '127.0.0.1', () => {
      log('any ipv4 client connected');
      c.destroy();
    });
    s.once('connection', (sock) => {
      log('any connection', sock.remoteFamily, sock.localAddress);
      sock.on('close', () => s.close(() => { log('any close cb', addr(s.address()), s.listening); next(); }));
    });
  });
  log('any after listen()', addr(s.address()), s.listening);
});

steps.push(() => {
  const s = watchServer(net.createServer(), 'v4');
  s.listen(0, '127.0.0.1', 0, () => {
    log('v4 listen cb', addr(s.address()));
    attempt('v4 listen again', () => s.listen(0, '127.0.0.1'));
    const other = watchServer(net.createServer(), 'busy');
    other.on('error', () => {
      log('busy listening', other.listening, addr(other.address()));
      other.listen(0, '127.0.0.1', () => {
        log('busy retry listen cb', addr(other.address()));
        other.close();
        const any = watchServer(net.createServer(), 'busy-any');
        any.on('error', () => {
          any.close();
          s.close();
          s.on('close', next);
        });
        any.listen(s.address().port);
      });
    });
    other.listen(s.address().port, '127.0.0.1');
  });
  log('v4 after listen()', s.listening, addr(s.address()));
});

steps.push(() => {
  const s = watchServer(net.createServer(), 'v6');
  s.listen({ port: 0, host: '::1', backlog: 5 }, () => {
    log('v6 listen cb', addr(s.address()));
    s.close(next);
  });
});

steps.push(() => {
  const s = watchServer(net.createServer(), 'name');
  s.listen(0, 'localhost', () => log('name listen cb1'));
  log('name pending', s.listening, addr(s.address()));
  s.listen(0, '127.0.0.1', () => {
    log('name listen cb2', addr(s.address()));
    s.close(() => dns.lookup('localhost', (err, first, family) => {
      s.listen({ port: 0, host: 'localhost' }, () => {
        const a = s.address();
        const same = a.address === first && a.family === `IPv${family}`;
        log('name relisten cb', same ? "dns.lookup's first address" : `${a.address} ${a.family}`,
            a.port > 0 ? 'PORT' : a.port);
        s.close(next);
      });
    }));
  });
});

steps.push(() => {
  const s = watchServer(net.createServer(), 'again');
  let rounds = 0;
  s.on('close', () => {
    if (++rounds < 3) {
      s.listen(0, '127.0.0.1', () => { log('again round', rounds, addr(s.address())); s.close(); });
    } else {
      next();
    }
  });
  s.listen(0, '127.0.0.1', () => s.close());
});

steps.push(() => {
  const s = watchServer(net.createServer(), 'bad');
  attempt('bad port 65536', () => s.listen(65536));
  attempt('bad port -1', () => s.listen({ port: -1 }));
  log('bad listening', s.listening);
  s.close((e) => log('bad close cb1', errN(e)));
  s.close((e) => log('bad close cb2', errN(e)));
  s.once('close', () => setImmediate(next));
});

next();
