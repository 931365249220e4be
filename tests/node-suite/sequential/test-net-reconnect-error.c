/* test/sequential/test-net-reconnect-error.js: connecting to a port nobody
 * listens on fails with ECONNREFUSED (an AggregateError's first member when
 * autoSelectFamily tried several addresses), and connecting again from each
 * `close` fails the same way: N + 1 errors and closes, never a `connect`.
 * Node's port is common.PORT on localhost; here 127.0.0.1 and a port held by
 * a bound socket that does not listen (node_reserve_port). */
#include "../common.h"

#define N 20

static cnet_socket_t *c;
static int port, disconnect_count;

EXPECT_CALLS(on_connect, 0);
static void on_connect(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_connect);
}

EXPECT_CALLS(on_error, N + 1);
static void on_error(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CALLED(on_error);
  const cnet_error_t *e = ev->u.error;
  const cnet_error_t *actual = e->nerrors ? e->errors[0] : e;
  CHECK_ERR_CODE(actual, "ECONNREFUSED");
}

EXPECT_CALLS(on_close, N + 1);
static void on_close(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_close);
  if (disconnect_count++ < N) CHECK_INT(cnet_socket_connect_port(c, port, "127.0.0.1", NULL, NULL), 0);
}

int main(void) {
  int holder = node_reserve_port(&port);
  c = cnet_create_connection_port(NULL, port, "127.0.0.1", NULL, NULL);
  cnet_on(c, CNET_EV_CONNECT, on_connect, NULL);
  cnet_on(c, CNET_EV_ERROR, on_error, NULL);
  cnet_on(c, CNET_EV_CLOSE, on_close, NULL);
  int rc = node_test_run();
  close(holder);
  return rc;
}
