/* test/parallel/test-net-socket-reset-twice.js: resetAndDestroy() from the
 * `error` listener of a failed connect (ECONNREFUSED: the server closed)
 * changes nothing: one `close`.
 *
 * The server listens with no host, as Node's: only that bind is synchronous,
 * so that its port is known at once; it is closed before the connect runs. */
#include "../common.h"

EXPECT_CALLS(on_error, 1);
static void on_error(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CALLED(on_error);
  CHECK_ERR_CODE(ev->u.error, "ECONNREFUSED");
  CHECK(cnet_socket_reset_and_destroy(ev->emitter) == 0);
}
EXPECT_CALLS(on_close, 1);
static void on_close(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_close);
}

int main(void) {
  cnet_server_t *server = cnet_create_server(NULL, NULL, NULL, NULL);
  CHECK(cnet_server_listen_port(server, 0, NULL, NULL, NULL) == 0);
  int port = node_port(server);
  cnet_socket_t *conn = cnet_create_connection_port(NULL, port, "127.0.0.1", NULL, NULL);
  cnet_on(conn, CNET_EV_ERROR, on_error, NULL);
  cnet_on(conn, CNET_EV_CLOSE, on_close, NULL);
  cnet_server_close(server, NULL, NULL);
  return node_test_run();
}
