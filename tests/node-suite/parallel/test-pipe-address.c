/* test/parallel/test-pipe-address.js: server.address() of a server
 * listening on a Unix socket is its path. */
#include "../common.h"

EXPECT_CALLS(on_connection, 0);
static void on_connection(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_connection);
}
EXPECT_CALLS(on_listening, 1);
static void on_listening(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CALLED(on_listening);
  const char *path = NULL;
  CHECK(cnet_server_address(ev->emitter, NULL, &path, NULL) == 0);
  CHECK_STR(path, node_pipe());
  cnet_server_close(ev->emitter, NULL, NULL);
}

int main(void) {
  cnet_server_t *server = cnet_create_server(NULL, NULL, on_connection, NULL);
  CHECK(cnet_server_listen_path(server, node_pipe(), on_listening, NULL) == 0);
  return node_test_run();
}
