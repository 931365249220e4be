/* test/parallel/test-net-connect-reset.js: resetAndDestroy() on a socket
 * that never connected emits ERR_SOCKET_CLOSED. */
#include "../common.h"

EXPECT_CALLS(on_error, 1);
static void on_error(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CALLED(on_error);
  CHECK_ERR_CODE(ev->u.error, "ERR_SOCKET_CLOSED");
  CHECK_STR(ev->u.error->name, "Error");
}

int main(void) {
  cnet_socket_t *socket = cnet_socket_new(NULL, NULL);
  CHECK(cnet_socket_reset_and_destroy(socket) == 0);
  cnet_on(socket, CNET_EV_ERROR, on_error, NULL);
  return node_test_run();
}
