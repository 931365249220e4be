/* test/parallel/test-net-socket-byteswritten.js: two writes made corked
 * before the connection (a writev once uncorked) count in bytesWritten at
 * once, 3 + 4 bytes ("one", "twø" as UTF-8), and still 7 at `connect` and
 * at `end`: the writev does not count them twice.
 *
 * The server's socket never reads the client's bytes, so, as in Node, it
 * never ends: its handle idles (it keeps no loop alive) until the process
 * exits; in C it is destroyed once the loop has ended. */
#include "../common.h"

static cnet_server_t *server;
static cnet_socket_t *server_socket;

static void on_connection(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  server_socket = ev->u.connection;
  cnet_socket_end(ev->u.connection, NULL, NULL);
}
EXPECT_CALLS(on_connect, 1);
static void on_connect(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CALLED(on_connect);
  CHECK_INT(cnet_socket_bytes_written(ev->emitter), 3 + 4);
}
EXPECT_CALLS(on_end, 1);
static void on_end(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CALLED(on_end);
  CHECK_INT(cnet_socket_bytes_written(ev->emitter), 3 + 4);
  cnet_server_close(server, NULL, NULL);
}
EXPECT_CALLS(on_listening, 1);
static void on_listening(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_listening);
  cnet_socket_t *socket = cnet_connect_port(NULL, node_port(server), "127.0.0.1", NULL, NULL);
  /* Cork the socket, then write twice; this should cause a writev, which
   * previously caused an err in the bytesWritten count. */
  cnet_socket_cork(socket);
  cnet_socket_write_string(socket, "one", NULL, NULL, NULL);
  cnet_socket_write(socket, "tw\xc3\xb8", 4, NULL, NULL); /* Buffer.from('twø', 'utf8') */
  cnet_socket_uncork(socket);
  /* one = 3 bytes, twø = 4 bytes */
  CHECK_INT(cnet_socket_bytes_written(socket), 3 + 4);
  cnet_on(socket, CNET_EV_CONNECT, on_connect, NULL);
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
