/* test/parallel/test-net-server-drop-connections-in-cluster.js: a cluster
 * worker whose server is at maxConnections with dropMaxConnection drops a
 * new connection itself (`drop`) instead of the primary handing it on.
 * Ported to a one-worker pool (cnet_workers_new: threads, Node's shared
 * listener), over net instead of http (the drop happens before any byte).
 * The pool's max_connections 0 means no limit, so the worker holds one
 * connection (its limit is 1) and drops the second, where Node sets
 * maxConnections 0 and drops the first. */
#include "../common.h"

static cnet_workers_t *pool;
static int port;

static void closed(cnet_workers_t *p, const cnet_error_t *err, void *ctx) {
  (void)p; (void)err; (void)ctx;
}

/* on the worker's thread */
EXPECT_CALLS(on_drop, 1);
static void on_drop(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_drop);
}
static void *worker_init(uv_loop_t *loop, cnet_server_t *srv, unsigned index, void *ctx) {
  (void)loop; (void)index; (void)ctx;
  cnet_on(srv, CNET_EV_DROP, on_drop, NULL);
  return NULL;
}
EXPECT_CALLS(on_connection, 1);
static void on_connection(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_connection);
}

/* on the main loop: the first client is held by the worker; the second,
 * dropped, sees its connection closed */
static cnet_socket_t *held;
static void ignore(const cnet_event_t *ev, void *ctx) { (void)ev; (void)ctx; }
EXPECT_CALLS(dropped_client_closed, 1);
static void dropped_client_closed(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(dropped_client_closed);
  cnet_socket_destroy(held, NULL);
  CHECK(cnet_workers_close(pool, 0, closed, NULL) == 0);
}
static void first_connected(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  cnet_socket_t *second = cnet_connect_port(NULL, port, "127.0.0.1", NULL, NULL);
  cnet_on(second, CNET_EV_ERROR, ignore, NULL); /* a reset, or an end */
  cnet_socket_resume(second);
  cnet_on(second, CNET_EV_CLOSE, dropped_client_closed, NULL);
}

EXPECT_CALLS(listening, 1);
static void listening(cnet_workers_t *p, const cnet_error_t *err, void *ctx) {
  (void)ctx;
  CALLED(listening);
  CHECK(err == NULL);
  cnet_address_t a;
  CHECK(cnet_workers_address(p, 0, &a, NULL, NULL) == 0);
  port = a.port;
  held = cnet_connect_port(NULL, port, "127.0.0.1", first_connected, NULL);
  cnet_on(held, CNET_EV_ERROR, ignore, NULL);
}

int main(void) {
  pool = cnet_workers_new(NULL, &(cnet_workers_opts){
      .count = 1,
      .listen = {.port = 0, .host = "127.0.0.1"},
      .max_connections = 1,
      .drop_max_connection = true,
      .init = worker_init,
      .connection = on_connection,
      .listening = listening});
  CHECK(pool != NULL);
  return node_test_run();
}
