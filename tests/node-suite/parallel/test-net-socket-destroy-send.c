/* test/parallel/test-net-socket-destroy-send.js: destroy() twice is fine,
 * and a write after it fails in its callback with ERR_STREAM_DESTROYED
 * ("Cannot call write after a stream was destroyed"), with no `error`. */
#include "../common.h"

static cnet_server_t *server;

EXPECT_CALLS(on_error, 0);
static void on_error(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_error);
}
EXPECT_CALLS(write_cb, 1);
static void write_cb(cnet_socket_t *s, const cnet_error_t *err, void *ctx) {
  (void)s; (void)ctx;
  CALLED(write_cb);
  CHECK_ERR_CODE(err, "ERR_STREAM_DESTROYED");
  CHECK_STR(err->message, "Cannot call write after a stream was destroyed");
  CHECK_STR(err->name, "Error");
}
EXPECT_CALLS(on_connect, 1);
static void on_connect(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CALLED(on_connect);
  cnet_socket_t *conn = ev->emitter;
  /* destroy() returns this, even on multiple calls (C: void, twice) */
  cnet_socket_destroy(conn, NULL);
  cnet_socket_destroy(conn, NULL);
  cnet_on(conn, CNET_EV_ERROR, on_error, NULL);
  CHECK_INT(cnet_socket_write(conn, "kaboom", 6, write_cb, NULL), 0);
  cnet_server_close(server, NULL, NULL);
}
EXPECT_CALLS(on_listening, 1);
static void on_listening(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_listening);
  cnet_socket_t *conn = cnet_create_connection_port(NULL, node_port(server), "127.0.0.1", NULL, NULL);
  cnet_on(conn, CNET_EV_CONNECT, on_connect, NULL);
}

int main(void) {
  server = cnet_create_server(NULL, NULL, NULL, NULL);
  node_listen_local(server, on_listening, NULL);
  return node_test_run();
}
