/* test/parallel/test-net-end-destroyed.js: a client that ends first gets the
 * server's `end` (allowHalfOpen false: the server ends its side in turn)
 * while it is not destroyed yet. */
#include "../common.h"

static cnet_server_t *server;
static cnet_socket_t *socket_;

EXPECT_CALLS(on_connection, 1);
static void on_connection(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_connection);
}

EXPECT_CALLS(on_end, 1);
static void on_end(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_end);
  CHECK(!cnet_socket_destroyed(socket_));
  cnet_server_close(server, NULL, NULL);
}

EXPECT_CALLS(on_connect, 1);
static void on_connect(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_connect);
  cnet_on(socket_, CNET_EV_END, on_end, NULL);
  cnet_socket_end(socket_, NULL, NULL);
}

EXPECT_CALLS(on_listening, 1);
static void on_listening(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_listening);
  socket_ = cnet_create_connection(
      NULL, &(cnet_connect_opts){.port = node_port(server), .host = "127.0.0.1"}, NULL, NULL);
  cnet_on(socket_, CNET_EV_CONNECT, on_connect, NULL);
}

int main(void) {
  server = cnet_create_server(NULL, NULL, NULL, NULL);
  cnet_on(server, CNET_EV_CONNECTION, on_connection, NULL);
  node_listen_local(server, on_listening, NULL);
  return node_test_run();
}
