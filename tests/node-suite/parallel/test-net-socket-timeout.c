/* test/parallel/test-net-socket-timeout.js: setTimeout() takes 0 and
 * positive delays, a negative one is ERR_OUT_OF_RANGE; a 1 ms timeout fires
 * on a connecting socket, and setTimeout() after destroy() is accepted
 * (returns the socket) and never fires.
 *
 * What C cannot write is left out: non-numeric delays, -0.001, 0.001,
 * Infinity, NaN, and callbacks that are not functions. */
#include "../common.h"

static cnet_server_t *server;

static void noop(const cnet_event_t *ev, void *ctx) { (void)ev; (void)ctx; }

EXPECT_CALLS(never, 0);
static void never(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(never);
}
EXPECT_CALLS(on_timeout, 1);
static void on_timeout(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CALLED(on_timeout);
  cnet_socket_destroy(ev->emitter, NULL);
  CHECK(cnet_socket_set_timeout(ev->emitter, 1, never, NULL) == 0);
  cnet_server_close(server, NULL, NULL);
}
EXPECT_CALLS(on_listening, 1);
static void on_listening(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_listening);
  cnet_socket_t *socket = cnet_create_connection_port(NULL, node_port(server), "127.0.0.1", NULL, NULL);
  CHECK(cnet_socket_set_timeout(socket, 1, on_timeout, NULL) == 0);
}

int main(void) {
  cnet_socket_t *s = cnet_socket_new(NULL, NULL);
  const int64_t bad_range_delays[] = {-1, INT64_MIN};
  for (size_t i = 0; i < 2; i++) {
    CHECK_INT(cnet_socket_set_timeout(s, bad_range_delays[i], noop, NULL), CNET_ERR_OUT_OF_RANGE);
    CHECK_ERR_CODE(cnet_last_error(), "ERR_OUT_OF_RANGE");
  }
  const int64_t valid_delays[] = {0, 1, 1000000};
  for (size_t i = 0; i < 3; i++) CHECK(cnet_socket_set_timeout(s, valid_delays[i], noop, NULL) == 0);
  cnet_socket_destroy(s, NULL); /* Node's process exits with it */

  server = cnet_create_server(NULL, NULL, NULL, NULL);
  node_listen_local(server, on_listening, NULL);
  return node_test_run();
}
