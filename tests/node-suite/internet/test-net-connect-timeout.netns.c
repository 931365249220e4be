/* test/internet/test-net-connect-timeout.js: socket.setTimeout() runs
 * while connecting: a connect that never completes gets `timeout`, not
 * before the timeout, and no `connect`.
 *
 * Node connects to 192.0.2.1:9999 (TEST-NET, unrouted). Here it runs in the
 * network namespace of tests/netns/run, where SYNs to 127.0.0.3 are
 * dropped. Node also checks an upper bound (the timeout plus 500 ms); a
 * timed upper bound fails on a loaded machine or under valgrind and is not
 * kept: the lower bound and the event are. */
#include "../common.h"

#define T 100

static uint64_t start;

EXPECT_CALLS(on_timeout, 1);
static void on_timeout(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CALLED(on_timeout);
  uint64_t elapsed = uv_now(uv_default_loop()) - start; /* loop time, as timers count */
  CHECK(elapsed >= T);
  cnet_socket_destroy(ev->emitter, NULL);
}
EXPECT_CALLS(on_connect, 0);
static void on_connect(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_connect);
}

int main(void) {
  start = uv_now(uv_default_loop());
  cnet_socket_t *socket = cnet_create_connection_port(NULL, 9999, "127.0.0.3", NULL, NULL);
  CHECK(cnet_socket_set_timeout(socket, T, NULL, NULL) == 0);
  cnet_on(socket, CNET_EV_TIMEOUT, on_timeout, NULL);
  cnet_on(socket, CNET_EV_CONNECT, on_connect, NULL);
  return node_test_run();
}
