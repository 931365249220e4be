/* test/parallel/test-net-socket-reset-send.js: resetAndDestroy() then
 * destroy() is fine; a write after it fails in its callback with
 * ERR_STREAM_DESTROYED, with no `error`; the peer gets ECONNRESET ("read
 * ECONNRESET"). */
#include "../common.h"

static cnet_server_t *server;

EXPECT_CALLS(on_server_socket_error, 1);
static void on_server_socket_error(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CALLED(on_server_socket_error);
  CHECK_ERR_CODE(ev->u.error, "ECONNRESET");
  CHECK_STR(ev->u.error->message, "read ECONNRESET");
  CHECK_STR(ev->u.error->name, "Error");
}
static void on_connection(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_on(ev->u.connection, CNET_EV_ERROR, on_server_socket_error, NULL);
}
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
  CHECK(cnet_socket_reset_and_destroy(conn) == 0);
  cnet_socket_destroy(conn, NULL);
  cnet_on(conn, CNET_EV_ERROR, on_error, NULL);
  CHECK_INT(cnet_socket_write(conn, "fzfzfzfzfz", 10, write_cb, NULL), 0);
  cnet_server_close(server, NULL, NULL);
}
EXPECT_CALLS(on_listening, 1);
static void on_listening(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_listening);
  cnet_socket_t *conn = cnet_create_connection_port(NULL, node_port(server), "127.0.0.1", NULL, NULL);
  cnet_on(server, CNET_EV_CONNECTION, on_connection, NULL);
  cnet_on(conn, CNET_EV_CONNECT, on_connect, NULL);
}

int main(void) {
  server = cnet_create_server(NULL, NULL, NULL, NULL);
  node_listen_local(server, on_listening, NULL);
  return node_test_run();
}
