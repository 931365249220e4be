/* test/parallel/test-net-listen-close-server.js: a server closed right after
 * listen() never emits `listening` (nor `error`). */
#include "../common.h"

EXPECT_CALLS(on_listening, 0);
static void on_listening(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_listening);
}
EXPECT_CALLS(on_error, 0);
static void on_error(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_error);
}

int main(void) {
  cnet_server_t *server = cnet_create_server(NULL, NULL, NULL, NULL);
  node_listen_local(server, on_listening, NULL);
  cnet_on(server, CNET_EV_ERROR, on_error, NULL);
  CHECK_INT(cnet_server_close(server, NULL, NULL), 0);
  return node_test_run();
}
