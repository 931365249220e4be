/* test/parallel/test-net-socket-connecting.js: socket.connecting is true
 * from connect() until the connection is made, then false. (The legacy
 * _connecting getter is the same property.) */
#include "../common.h"

static cnet_server_t *server;

static void on_connection(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_end(ev->u.connection, NULL, NULL);
  cnet_server_close(server, NULL, NULL);
}
EXPECT_CALLS(on_connect, 1);
static void on_connect(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CALLED(on_connect);
  CHECK(!cnet_socket_connecting(ev->emitter));
  cnet_socket_end(ev->emitter, NULL, NULL);
}
static void on_listening(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  cnet_socket_t *client = cnet_connect_port(NULL, node_port(server), "127.0.0.1", on_connect, NULL);
  CHECK(cnet_socket_connecting(client));
}

int main(void) {
  server = cnet_create_server(NULL, NULL, on_connection, NULL);
  node_listen_local(server, on_listening, NULL);
  return node_test_run();
}
