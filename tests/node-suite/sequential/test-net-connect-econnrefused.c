/* test/sequential/test-net-connect-econnrefused.js: 5 rounds of 50 refused
 * connects (autoSelectFamily off), each round started when the last error
 * of the one before came: every error is ECONNREFUSED, and no TCP handle
 * is left afterwards (here: the loop closes with nothing open).
 *
 * Node connects to the port of a server it has just closed, on localhost;
 * here 127.0.0.1 on a port held bound and never listening (no other
 * program can take it meanwhile). */
#include "../common.h"

#define ROUNDS 5
#define ATTEMPTS_PER_ROUND 50

static int rounds = 1, reqs, pending, port;

static void pummel(void);

static void check(void *ctx);
EXPECT_CALLS(check, 1);
static void check(void *ctx) {
  (void)ctx;
  CALLED(check);
}

static void on_error(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  const cnet_error_t *error = ev->u.error;
  const cnet_error_t *actual = error->nerrors ? error->errors[0] : error;
  CHECK_ERR_CODE(actual, "ECONNREFUSED");
  if (--pending > 0) return;
  if (rounds == ROUNDS) {
    CHECK(cnet_set_timeout(NULL, 0, check, NULL) != NULL);
    return;
  }
  rounds++;
  pummel();
}

static void pummel(void) {
  for (pending = 0; pending < ATTEMPTS_PER_ROUND; pending++) {
    cnet_socket_t *s = cnet_create_connection(
        NULL,
        &(cnet_connect_opts){.port = port, .host = "127.0.0.1", .auto_select_family = CNET_FALSE},
        NULL, NULL);
    CHECK(s != NULL);
    cnet_on(s, CNET_EV_ERROR, on_error, NULL);
    reqs++;
  }
}

int main(void) {
  port = node_refused_port();
  pummel();
  int rc = node_test_run();
  CHECK_INT(rounds, ROUNDS);
  CHECK_INT(reqs, ROUNDS * ATTEMPTS_PER_ROUND);
  return rc;
}
