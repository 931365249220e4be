/* test/parallel/test-net-connect-destroy.js: a socket that never connected,
 * destroyed, emits `close` once (with no argument, as Node's). */
#include "../common.h"

EXPECT_CALLS(on_close, 1);
static void on_close(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CALLED(on_close);
  CHECK(!ev->u.close.had_error_given);
}

int main(void) {
  cnet_socket_t *socket = cnet_socket_new(NULL, NULL);
  CHECK(socket != NULL);
  cnet_on(socket, CNET_EV_CLOSE, on_close, NULL);
  cnet_socket_destroy(socket, NULL);
  return node_test_run();
}
