/* test/parallel/test-net-timeout-no-handle.js: setTimeout() on a socket
 * that never connects (it has no handle) still emits `timeout`, and no
 * `connect`.
 *
 * Node's test checks socket._handle is null there; C checks what shows of
 * it: not connecting, no remote address. Node's process keeps the socket
 * until it exits after its 200 ms timer; C destroys it there. Both timers
 * run on the loop's clock, so the 50 ms one comes first, however slow the
 * machine. */
#include "../common.h"

static cnet_socket_t *socket_;

EXPECT_CALLS(on_timeout, 1);
static void on_timeout(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CALLED(on_timeout);
  CHECK(!cnet_socket_connecting(ev->emitter));
  CHECK(cnet_socket_remote_address(ev->emitter) == NULL);
}
EXPECT_CALLS(on_connect, 0);
static void on_connect(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_connect);
}
static void at_exit(void *ctx) {
  (void)ctx;
  cnet_socket_destroy(socket_, NULL);
}

int main(void) {
  socket_ = cnet_socket_new(NULL, NULL);
  CHECK(cnet_socket_set_timeout(socket_, 50, NULL, NULL) == 0);
  cnet_on(socket_, CNET_EV_TIMEOUT, on_timeout, NULL);
  cnet_on(socket_, CNET_EV_CONNECT, on_connect, NULL);
  cnet_set_timeout(NULL, 200, at_exit, NULL);
  return node_test_run();
}
