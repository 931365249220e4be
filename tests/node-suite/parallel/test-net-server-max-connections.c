/* test/parallel/test-net-server-max-connections.js: of 20 connections made
 * one after the other, a server with maxConnections 10 serves the first 10
 * (they get its data) and drops the others, which close first; the served
 * ones close once the server ends them. */
#include "../common.h"

#define N 20

static cnet_server_t *server;
static cnet_socket_t *waits[N / 2];
static int nwaits, closes;
static bool got_data[N];

EXPECT_CALLS(on_connection, N / 2);
static void on_connection(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CALLED(on_connection);
  cnet_socket_write_string(ev->u.connection, "hello", NULL, NULL, NULL);
  waits[nwaits++] = ev->u.connection;
}

static void make_connection(int index);

static void on_close(const cnet_event_t *ev, void *ctx) {
  (void)ev;
  int index = (int)(intptr_t)ctx;
  int64_t max = cnet_server_max_connections(server);
  closes++;
  if (closes < N / 2) CHECK(max <= index); /* not one of the first closed */
  if (closes == N / 2) {
    for (int i = 0; i < nwaits; i++) cnet_socket_end(waits[i], NULL, NULL);
    nwaits = 0;
    cnet_server_close(server, NULL, NULL);
  }
  if (index < max) CHECK(got_data[index]);
  else CHECK(!got_data[index]);
}
static void on_connect(const cnet_event_t *ev, void *ctx) {
  int index = (int)(intptr_t)ctx;
  if (index + 1 < N) make_connection(index + 1);
  cnet_on(ev->emitter, CNET_EV_CLOSE, on_close, ctx);
}
static void on_end(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_end(ev->emitter, NULL, NULL);
}
static void on_data(const cnet_event_t *ev, void *ctx) {
  got_data[(intptr_t)ctx] = true;
  CHECK(ev->u.data.len > 0);
}
static void on_error(const cnet_event_t *ev, void *ctx) {
  fprintf(stderr, "error %d: %s\n", (int)(intptr_t)ctx, ev->u.error->message);
}

static void make_connection(int index) {
  void *i = (void *)(intptr_t)index;
  cnet_socket_t *c = cnet_create_connection_port(NULL, node_port(server), "127.0.0.1", NULL, NULL);
  CHECK(c != NULL);
  cnet_on(c, CNET_EV_CONNECT, on_connect, i);
  cnet_on(c, CNET_EV_END, on_end, i);
  cnet_on(c, CNET_EV_DATA, on_data, i);
  cnet_on(c, CNET_EV_ERROR, on_error, i);
}
static void on_listening(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  make_connection(0);
}

int main(void) {
  server = cnet_create_server(NULL, NULL, on_connection, NULL);
  node_listen_local(server, on_listening, NULL);
  cnet_server_set_max_connections(server, N / 2);
  int rc = node_test_run();
  CHECK_INT(closes, N);
  return rc;
}
