// Errors: thrown (in C: returned), emitted, the application's own (its
// identity kept), with a cause, and one that nothing listens for.
const net = require('node:net');
let port; // where nothing listens

const steps = [
  () => { // a bad argument throws
    try {
      net.createServer().listen(70000);
    } catch (err) {
      console.log('thrown:', err.code, '-', err.message);
    }
    next();
  },
  () => { // a failed connect emits 'error', then 'close'
    const s = net.connect(port, '127.0.0.1');
    s.on('error', (err) => console.log('error:', err.code, err.syscall, err.address,
                                       err.port === port, '-', err.message));
    s.on('close', (hadError) => { console.log('close, hadError', hadError); next(); });
  },
  () => { // destroy(err) hands on the very object
    const mine = new Error('gave up');
    mine.code = 'EGAVEUP';
    const s = new net.Socket();
    s.on('error', (err) => console.log('error:', err.code, err.message, '- the same object:', err === mine));
    s.on('close', next);
    s.destroy(mine);
  },
  () => { // an abort's AbortError has the reason as its cause
    const ac = new AbortController();
    const reason = new Error('shutting down');
    const s = new net.Socket({ signal: ac.signal });
    s.on('error', (err) => console.log('error:', err.name, err.code,
                                       '- cause is the reason:', err.cause === reason));
    s.on('close', next);
    ac.abort(reason);
  },
  () => { // no 'error' listener: the uncaught-error handler
    process.on('uncaughtException', (err) => console.log('uncaught:', err.code));
    net.connect(port, '127.0.0.1').on('close', next);
  },
];
const next = () => { const step = steps.shift(); if (step) step(); };

const probe = net.createServer().listen(0, '127.0.0.1', () => {
  port = probe.address().port;
  probe.close(next);
});
