/* test/sequential/test-net-connect-handle-econnrefused.js: a refused
 * connect emits ECONNREFUSED, no `connect`, and the socket is no longer
 * connecting when the error comes. Node connects to common.PORT on
 * localhost; here 127.0.0.1 on a port that refuses. */
#include "../common.h"

EXPECT_CALLS(on_connect, 0);
static void on_connect(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_connect);
}
EXPECT_CALLS(on_error, 1);
static void on_error(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CALLED(on_error);
  CHECK(!cnet_socket_connecting(ev->emitter));
  CHECK_ERR_CODE(ev->u.error, "ECONNREFUSED");
}

int main(void) {
  cnet_socket_t *c = cnet_create_connection_port(NULL, node_refused_port(), "127.0.0.1", NULL, NULL);
  cnet_on(c, CNET_EV_CONNECT, on_connect, NULL);
  cnet_on(c, CNET_EV_ERROR, on_error, NULL);
  return node_test_run();
}
