/* Happy Eyeballs (RFC 8305, Node's autoSelectFamily, on by default): a
 * name with several addresses is tried address by address, IPv6 first,
 * and the socket reports each attempt. The lookup is the program's own: it
 * answers ::1, where nothing listens (refused), then 127.0.0.1, where the
 * server is, so that the run is the same on every machine.
 *
 *   const server = net.createServer((c) => c.end('hello from 127.0.0.1\n'));
 *   server.listen(0, '127.0.0.1', () => {
 *     const lookup = (host, options, cb) => process.nextTick(cb, null,
 *       [{ address: '::1', family: 6 }, { address: '127.0.0.1', family: 4 }]);
 *     const s = net.connect({ host: 'example.test', port: server.address().port, lookup });
 *     s.on('lookup', (err, address, family, host) => console.log('lookup', host, address));
 *     s.on('connectionAttempt', (ip, port, family) => console.log('attempt', ip, family));
 *     s.on('connectionAttemptFailed', (ip, port, family, err) => console.log('failed', ip, err.code));
 *     s.on('connectionAttemptTimeout', (ip, port, family) => console.log('timed out', ip));
 *     s.on('connect', () => console.log('connected to', s.remoteAddress));
 *     s.on('data', (data) => process.stdout.write(data));
 *     s.on('close', () => { console.log('tried', s.autoSelectFamilyAttemptedAddresses); server.close(); });
 *   });
 *
 * An address that drops packets instead of refusing them would end its
 * attempt after autoSelectFamilyAttemptTimeout (250 ms by default), with
 * `connectionAttemptTimeout`, and the next address would be tried. */
#include <cnet.h>
#include <stdio.h>

static cnet_server_t *server;

/* A lookup answers once, now or later, with cnet_lookup_done(); this one
 * answers on the next tick, as a real resolver would answer later. */
static void answer(void *req) {
  static const cnet_lookup_address addresses[] = {{"::1", 6}, {"127.0.0.1", 4}};
  cnet_lookup_done(req, NULL, addresses, 2);
}

static void lookup(const char *host, const cnet_lookup_opts *opts, cnet_lookup_req_t *req, void *ctx) {
  (void)host, (void)opts, (void)ctx;
  cnet_next_tick(NULL, answer, req);
}

static void on_event(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_t *s = ev->emitter;
  size_t n;
  switch (ev->type) {
    case CNET_EV_LOOKUP: printf("lookup %s %s\n", ev->u.lookup.host, ev->u.lookup.address); break;
    case CNET_EV_CONNECTION_ATTEMPT: printf("attempt %s %d\n", ev->u.attempt.ip, ev->u.attempt.family); break;
    case CNET_EV_CONNECTION_ATTEMPT_FAILED:
      printf("failed %s %s\n", ev->u.attempt.ip, ev->u.attempt.error->code);
      break;
    case CNET_EV_CONNECTION_ATTEMPT_TIMEOUT: printf("timed out %s\n", ev->u.attempt.ip); break;
    case CNET_EV_CONNECT: printf("connected to %s\n", cnet_socket_remote_address(s)); break;
    case CNET_EV_DATA: fwrite(ev->u.data.bytes, 1, ev->u.data.len, stdout); break;
    case CNET_EV_CLOSE: {
      const char *const *tried = cnet_socket_auto_select_family_attempted_addresses(s, &n);
      printf("tried [");
      for (size_t i = 0; i < n; i++) printf("%s '%s'", i ? "," : "", tried[i]);
      printf(" ]\n");
      cnet_server_close(server, NULL, NULL);
      break;
    }
    default: break;
  }
}

static void on_connection(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_end_string(ev->u.connection, "hello from 127.0.0.1\n", NULL, NULL, NULL);
}

static void on_listening(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_connect_opts o = {.host = "example.test", .port = cnet_server_port(ev->emitter), .lookup = lookup};
  cnet_socket_t *s = cnet_connect(NULL, &o, NULL, NULL);
  static const cnet_event_type shown[] = {
      CNET_EV_LOOKUP, CNET_EV_CONNECTION_ATTEMPT, CNET_EV_CONNECTION_ATTEMPT_FAILED,
      CNET_EV_CONNECTION_ATTEMPT_TIMEOUT, CNET_EV_CONNECT, CNET_EV_DATA, CNET_EV_CLOSE};
  for (size_t i = 0; i < sizeof shown / sizeof shown[0]; i++) cnet_on(s, shown[i], on_event, NULL);
}

int main(void) {
  server = cnet_create_server(NULL, NULL, on_connection, NULL);
  cnet_server_listen_port(server, 0, "127.0.0.1", on_listening, NULL);
  uv_run(uv_default_loop(), UV_RUN_DEFAULT);
  return uv_loop_close(uv_default_loop()) == 0 ? 0 : 1;
}
