/* test/parallel/test-net-connect-call-socket-connect.js: net.connect()
 * connects through socket.connect(): the connect listener runs once, and an
 * end from it reaches the client's `end`.
 *
 * Node counts the calls by wrapping Socket.prototype.connect, which C
 * cannot do; the observable part is that one connection, made once. The
 * server listens on 127.0.0.1 where Node's listens on every address. */
#include "../common.h"

static cnet_server_t *server;

EXPECT_CALLS(on_connection, 1);
static void on_connection(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_connection);
}
EXPECT_CALLS(on_connect, 1);
static void on_connect(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CALLED(on_connect);
  cnet_socket_end(ev->emitter, NULL, NULL);
}
EXPECT_CALLS(on_end, 1);
static void on_end(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_end);
  cnet_server_close(server, NULL, NULL);
}
EXPECT_CALLS(on_listening, 1);
static void on_listening(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_listening);
  cnet_socket_t *client = cnet_connect(
      NULL, &(cnet_connect_opts){.port = node_port(server), .host = "127.0.0.1"}, on_connect, NULL);
  CHECK(client != NULL);
  cnet_on(client, CNET_EV_END, on_end, NULL);
}

int main(void) {
  server = cnet_create_server(NULL, NULL, on_connection, NULL);
  node_listen_local(server, on_listening, NULL);
  return node_test_run();
}
