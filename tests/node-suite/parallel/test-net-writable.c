/* test/parallel/test-net-writable.js: at `end` (the server ended), a
 * client without allowHalfOpen is still writable, and may write.
 *
 * The server's socket never reads the client's "hello world", so, as in
 * Node, it never ends: its handle idles (it keeps no loop alive) until the
 * process exits; in C it is destroyed once the loop has ended. */
#include "../common.h"

static cnet_server_t *server;
static cnet_socket_t *server_socket;

EXPECT_CALLS(on_connection, 1);
static void on_connection(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CALLED(on_connection);
  server_socket = ev->u.connection;
  cnet_server_close(server, NULL, NULL);
  cnet_socket_end(ev->u.connection, NULL, NULL);
}
EXPECT_CALLS(on_end, 1);
static void on_end(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CALLED(on_end);
  CHECK(cnet_socket_writable(ev->emitter));
  cnet_socket_write_string(ev->emitter, "hello world", NULL, NULL, NULL);
}
EXPECT_CALLS(on_listening, 1);
static void on_listening(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_listening);
  cnet_socket_t *socket = cnet_connect_port(NULL, node_port(server), "127.0.0.1", NULL, NULL);
  cnet_on(socket, CNET_EV_END, on_end, NULL);
}

int main(void) {
  server = cnet_create_server(NULL, NULL, on_connection, NULL);
  node_listen_local(server, on_listening, NULL);
  uv_run(uv_default_loop(), UV_RUN_DEFAULT);
  CHECK(!cnet_socket_readable_ended(server_socket));
  cnet_socket_destroy(server_socket, NULL);
  return node_test_run();
}
