/* test/internet/test-net-autoselectfamily-events-timeout.js: an attempt
 * that times out emits connectionAttemptTimeout (address, port, family),
 * and destroying the socket there, before the next attempt starts, neither
 * crashes nor starts that attempt.
 *
 * Node tries an unreachable internet IPv4 address (INET4_IP) and passes
 * after 5 s where the network does not time out. Here it runs in the network
 * namespace of tests/netns/run, where SYNs to 127.0.0.3 are dropped: the
 * first attempt always times out, after the 10 ms attempt timeout. The
 * second address (INET6_IP in Node) is ::1 on a port that refuses. */
#include "../common.h"

static const char *const ips[] = {"127.0.0.3", "::1", NULL};
static int port;

EXPECT_CALLS(on_attempt, 1); /* the second attempt never starts */
static void on_attempt(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CALLED(on_attempt);
  CHECK_STR(ev->u.attempt.ip, "127.0.0.3");
}
EXPECT_CALLS(on_attempt_timeout, 1);
static void on_attempt_timeout(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CALLED(on_attempt_timeout);
  CHECK_STR(ev->u.attempt.ip, "127.0.0.3");
  CHECK_INT(ev->u.attempt.port, port);
  CHECK_INT(ev->u.attempt.family, 4);
  cnet_socket_destroy(ev->emitter, NULL);
}
EXPECT_CALLS(on_ready, 0);
static void on_ready(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CALLED(on_ready);
  cnet_socket_destroy(ev->emitter, NULL);
}
EXPECT_CALLS(on_close, 1);
static void on_close(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CALLED(on_close);
  CHECK(!ev->u.close.had_error);
}

int main(void) {
  port = node_refused_port();
  cnet_socket_t *connection = cnet_create_connection(
      NULL,
      &(cnet_connect_opts){.host = "example.org", .port = port, .lookup = node_mocked_lookup,
                           .lookup_ctx = (void *)ips, .auto_select_family = CNET_TRUE,
                           .auto_select_family_attempt_timeout = 10},
      NULL, NULL);
  CHECK(connection != NULL);
  cnet_on(connection, CNET_EV_CONNECTION_ATTEMPT, on_attempt, NULL);
  cnet_on(connection, CNET_EV_CONNECTION_ATTEMPT_TIMEOUT, on_attempt_timeout, NULL);
  cnet_on(connection, CNET_EV_READY, on_ready, NULL);
  cnet_on(connection, CNET_EV_CLOSE, on_close, NULL);
  return node_test_run();
}
