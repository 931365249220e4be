/* test/parallel/test-pipe-stream.js: over a Unix socket, a client writes
 * PING, the server answers PONG, the client destroys the connection and the
 * server closes; done twice (net.Stream, then net.Socket: one type in C). */
#include "../common.h"

typedef struct {
  cnet_server_t *server;
  bool have_ping, have_pong;
} ping_test;

static void test(void);
static int tests_done;

static void fail_on_error(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  node_fail(__FILE__, __LINE__, ev->u.error->message); /* throw err */
}

static void check_data(const cnet_event_t *ev, const char *want) {
  CHECK_INT(ev->u.data.len, strlen(want));
  CHECK(memcmp(ev->u.data.bytes, want, ev->u.data.len) == 0);
}

/* ---- ping: the client ---- */

static void ping_connected(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_write_string(ev->emitter, "PING", "utf-8", NULL, NULL);
}
static void ping_data(const cnet_event_t *ev, void *ctx) {
  ping_test *t = ctx;
  check_data(ev, "PONG");
  t->have_pong = true;
  cnet_socket_destroy(ev->emitter, NULL);
}
static void ping(const cnet_event_t *ev, void *ctx) {
  (void)ev;
  cnet_socket_t *conn = cnet_socket_new(NULL, NULL);
  cnet_on(conn, CNET_EV_ERROR, fail_on_error, NULL);
  CHECK(cnet_socket_connect_path(conn, node_pipe(), ping_connected, NULL) == 0);
  cnet_on(conn, CNET_EV_DATA, ping_data, ctx);
}

/* ---- pong: the server's connection ---- */

static void pong_data(const cnet_event_t *ev, void *ctx) {
  ping_test *t = ctx;
  check_data(ev, "PING");
  t->have_ping = true;
  cnet_socket_write_string(ev->emitter, "PONG", "utf-8", NULL, NULL);
}
static void pong_close(const cnet_event_t *ev, void *ctx) {
  (void)ev;
  ping_test *t = ctx;
  cnet_server_close(t->server, NULL, NULL);
}
static void pong(const cnet_event_t *ev, void *ctx) {
  cnet_socket_t *conn = ev->u.connection;
  cnet_on(conn, CNET_EV_ERROR, fail_on_error, NULL);
  cnet_on(conn, CNET_EV_DATA, pong_data, ctx);
  cnet_on(conn, CNET_EV_CLOSE, pong_close, ctx);
}

EXPECT_CALLS(on_server_close, 2);
static void on_server_close(const cnet_event_t *ev, void *ctx) {
  (void)ev;
  CALLED(on_server_close);
  ping_test *t = ctx;
  CHECK(t->have_ping);
  CHECK(t->have_pong);
  free(t);
  if (++tests_done < 2) test(); /* cb */
}

static void test(void) {
  ping_test *t = calloc(1, sizeof *t);
  CHECK(t != NULL);
  t->server = cnet_create_server(NULL, NULL, NULL, NULL);
  CHECK(cnet_server_listen_path(t->server, node_pipe(), ping, t) == 0);
  cnet_on(t->server, CNET_EV_CONNECTION, pong, t);
  cnet_on(t->server, CNET_EV_CLOSE, on_server_close, t);
}

int main(void) {
  test();
  return node_test_run();
}
