/* C port of sock_bytes_reconnect.js */
#include <stdio.h>

#include "transports.h"

static int i, life;
static const char *name;
static cnet_server_t *server;
static cnet_socket_t *c;
static cnet_connect_opts opts;

static void run(void);

static void counts(const char *what) {
  T("%s %s %llu %llu", name, what, (unsigned long long)cnet_socket_bytes_read(c),
    (unsigned long long)cnet_socket_bytes_written(c));
}
static void echo(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_write(ev->emitter, ev->u.data.bytes, ev->u.data.len, NULL, NULL);
}
static void on_connection(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_on(ev->u.connection, CNET_EV_DATA, echo, NULL);
}
static void on_data(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  char what[32];
  snprintf(what, sizeof what, "life %d echoed", life);
  counts(what);
  cnet_socket_destroy(c, NULL);
}
static void server_closed(cnet_server_t *s, const cnet_error_t *err, void *ctx) {
  (void)s; (void)err; (void)ctx;
  i++;
  run();
}
static void second_connected(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  counts("life 2 connected");
}
static void on_close(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  char what[32];
  snprintf(what, sizeof what, "life %d closed", life);
  counts(what);
  if (life == 2) {
    cnet_server_close(server, server_closed, NULL);
    return;
  }
  life = 2;
  cnet_socket_connect(c, &opts, second_connected, NULL);
  counts("life 2 connecting");
  cnet_socket_write_string(c, "ab", NULL, NULL, NULL);
  counts("life 2 written");
}
static void first_connected(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  counts("life 1 connected");
  cnet_socket_write_string(c, "hello", NULL, NULL, NULL);
}

static void on_listening(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  opts = transport_target(server, i);
  c = cnet_socket_new(NULL, NULL);
  life = 1;
  cnet_on(c, CNET_EV_DATA, on_data, NULL);
  cnet_on(c, CNET_EV_CLOSE, on_close, NULL);
  cnet_socket_connect(c, &opts, first_connected, NULL);
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
