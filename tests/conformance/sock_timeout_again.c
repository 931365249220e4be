/* C port of sock_timeout_again.js */
#include "steps.h"
#include "transports.h"

static int i, n;
static const char *name;
static cnet_server_t *server;
static cnet_socket_t *c, *peer;

static void run(void);

static void echo(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_write(ev->emitter, ev->u.data.bytes, ev->u.data.len, NULL, NULL);
}
static void on_connection(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  peer = ev->u.connection;
  cnet_on(peer, CNET_EV_DATA, echo, NULL);
}
static void quiet(void) {
  T("%s quiet after %d %lld", name, n, (long long)cnet_socket_timeout(c));
  cnet_socket_destroy(c, NULL);
}
static void on_timeout(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  n++;
  if (n == 1)
    cnet_socket_write_string(c, "ping", NULL, NULL, NULL);
  else if (n == 2)
    cnet_socket_write_string(peer, "x", NULL, NULL, NULL);
  else
    later(300, quiet);
}
static void connected(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  cnet_socket_set_timeout(c, 100, NULL, NULL);
}
static void server_closed(cnet_server_t *s, const cnet_error_t *err, void *ctx) {
  (void)s; (void)err; (void)ctx;
  i++;
  run();
}
static void client_close(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  cnet_server_close(server, server_closed, NULL);
}

static void on_listening(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  cnet_connect_opts o = transport_target(server, i);
  c = cnet_connect(NULL, &o, connected, NULL);
  static const cnet_event_type evs[] = {CNET_EV_CONNECT, CNET_EV_DATA, CNET_EV_TIMEOUT, CNET_EV_CLOSE};
  watch(c, name, evs, 4);
  n = 0;
  cnet_on(c, CNET_EV_TIMEOUT, on_timeout, NULL);
  cnet_on(c, CNET_EV_CLOSE, client_close, NULL);
}

static void run(void) {
  if (i == N_TRANSPORTS) {
    transports_done();
    return;
  }
  name = transport_names[i];
  server = cnet_create_server(NULL, NULL, on_connection, NULL);
  transport_listen(server, i, on_listening);
}

int main(void) {
  if (transports_init()) return 1;
  run();
  return run_loop();
}
