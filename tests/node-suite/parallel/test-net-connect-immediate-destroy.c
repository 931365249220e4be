/* test/parallel/test-net-connect-immediate-destroy.js: a connect destroyed
 * in the same turn it was made, while its server closes, emits neither
 * `connect` nor `error`.
 *
 * Node's listen(0) with no host is synchronous and the test runs at the top
 * level; the server here listens on 127.0.0.1 (a host is looked up first,
 * so the port is known at `listening`) and the rest runs there, in one
 * turn as Node's. */
#include "../common.h"

static cnet_server_t *server;

EXPECT_CALLS(on_connect, 0);
static void on_connect(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_connect);
}
EXPECT_CALLS(on_error, 0);
static void on_error(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_error);
}
static void on_listening(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  int port = node_port(server);
  cnet_socket_t *socket = cnet_connect_port(NULL, port, "127.0.0.1", on_connect, NULL);
  cnet_on(socket, CNET_EV_ERROR, on_error, NULL);
  cnet_server_close(server, NULL, NULL);
  cnet_socket_destroy(socket, NULL);
}

int main(void) {
  server = cnet_create_server(NULL, NULL, NULL, NULL);
  node_listen_local(server, on_listening, NULL);
  return node_test_run();
}
