/* test/sequential/test-net-better-error-messages-port.js: a refused connect
 * reports ECONNREFUSED with the port and the address it tried (the first
 * member's when family autoselection made an AggregateError); no `connect`.
 *
 * Node connects to common.PORT on localhost; here 127.0.0.1 (never how
 * localhost resolves) on a port that refuses. */
#include "../common.h"

static int port;

EXPECT_CALLS(on_connect, 0);
static void on_connect(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_connect);
}
EXPECT_CALLS(on_error, 1);
static void on_error(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CALLED(on_error);
  const cnet_error_t *error = ev->u.error;
  const cnet_error_t *failed = error->nerrors ? error->errors[0] : error;
  CHECK_ERR_CODE(failed, "ECONNREFUSED");
  CHECK_INT(failed->port, port);
  CHECK(strcmp(failed->address, "127.0.0.1") == 0 || strcmp(failed->address, "::1") == 0);
}

int main(void) {
  port = node_refused_port();
  cnet_socket_t *c = cnet_create_connection_port(NULL, port, "127.0.0.1", NULL, NULL);
  cnet_on(c, CNET_EV_CONNECT, on_connect, NULL);
  cnet_on(c, CNET_EV_ERROR, on_error, NULL);
  return node_test_run();
}
