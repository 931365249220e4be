/* test/parallel/test-net-socket-end-before-connect.js: end() on a socket
 * still connecting ends it once connected; it emits `close`. */
#include "../common.h"

static cnet_server_t *server;

EXPECT_CALLS(on_close, 1);
static void on_close(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_close);
  cnet_server_close(server, NULL, NULL);
}
EXPECT_CALLS(on_listening, 1);
static void on_listening(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_listening);
  cnet_socket_t *socket = cnet_create_connection_port(NULL, node_port(server), "127.0.0.1", NULL, NULL);
  cnet_on(socket, CNET_EV_CLOSE, on_close, NULL);
  CHECK(cnet_socket_end(socket, NULL, NULL) == 0);
}

int main(void) {
  server = cnet_create_server(NULL, NULL, NULL, NULL);
  node_listen_local(server, on_listening, NULL);
  return node_test_run();
}
