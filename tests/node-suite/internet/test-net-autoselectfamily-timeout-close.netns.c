/* test/internet/test-net-autoselectfamily-timeout-close.js: when no attempt
 * succeeds, every attempt's error comes in one AggregateError and `close`
 * follows; autoSelectFamilyAttemptedAddresses lists the attempts.
 *
 * Node connects to an internet host with an IPv4 and an IPv6 address (its
 * attempts time out after 10 ms, the last one at the system's timeout).
 * Here a lookup gives 127.0.0.3, whose SYNs the network namespace of
 * tests/netns/run drops (the attempt times out after 10 ms), then ::1 on a
 * port that refuses (the last attempt fails at once). */
#include "../common.h"

static const char *const ips[] = {"127.0.0.3", "::1", NULL};

EXPECT_CALLS(on_close, 1);
static void on_close(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_close);
}
EXPECT_CALLS(on_ready, 0);
static void on_ready(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_ready);
}
EXPECT_CALLS(on_error, 1);
static void on_error(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CALLED(on_error);
  size_t n;
  CHECK(cnet_socket_auto_select_family_attempted_addresses(ev->emitter, &n) != NULL);
  CHECK(n > 0);
  CHECK_STR(ev->u.error->name, "AggregateError");
  CHECK(ev->u.error->nerrors > 0);
}

int main(void) {
  cnet_socket_t *connection = cnet_connect(
      NULL,
      &(cnet_connect_opts){.host = "example.org", .port = node_refused_port(),
                           .lookup = node_mocked_lookup, .lookup_ctx = (void *)ips,
                           .auto_select_family = CNET_TRUE,
                           .auto_select_family_attempt_timeout = 10},
      NULL, NULL);
  CHECK(connection != NULL);
  cnet_on(connection, CNET_EV_CLOSE, on_close, NULL);
  cnet_on(connection, CNET_EV_READY, on_ready, NULL);
  cnet_on(connection, CNET_EV_ERROR, on_error, NULL);
  return node_test_run();
}
