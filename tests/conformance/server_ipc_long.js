// A Unix socket name one byte longer than sun_path: listen EINVAL with the
// whole name in the message. Pending: cnet__error_uv (src/error.c) cuts the
// address in a message to CNET_ADDRSTRLEN + 16 bytes.
'use strict';
const net = require('net');
const { log } = require('./trace');
const { watchServer } = require('./server_trace');

const s = watchServer(net.createServer(), 'long');
s.on('error', (e) => { log('long listening', s.listening, e.address === 'l'.repeat(109)); s.close(); });
s.listen('l'.repeat(109));
