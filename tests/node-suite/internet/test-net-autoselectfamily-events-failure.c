/* test/internet/test-net-autoselectfamily-events-failure.js: every failure
 * event of a connection, with one address (family autoselection bypassed:
 * connectionAttempt, connectionAttemptFailed, error) and with an IPv6 and an
 * IPv4 address (connectionAttempt and connectionAttemptFailed for each, in
 * order, then error).
 *
 * Node tries unreachable internet addresses (INET6_IP, INET4_IP) on port 10
 * and accepts ECONNREFUSED, ENETUNREACH, EHOSTUNREACH or ETIMEDOUT; here the
 * addresses are ::1 and 127.0.0.1 on a port that refuses, so the failures
 * are ECONNREFUSED, without a network. Node's 5 s timer that passes the test
 * on networks that never answer is not needed: a refusal always comes. */
#include "../common.h"

static int port;

typedef struct {
  const char *address;
  int family;
} expected_t;

typedef struct {
  const expected_t *next; /* the events still expected, in order */
  int events;
} case_t;

static void check_attempt(const cnet_event_t *ev, case_t *c) {
  CHECK(c->next->address != NULL);
  CHECK_STR(ev->u.attempt.ip, c->next->address);
  CHECK_INT(ev->u.attempt.port, port);
  CHECK_INT(ev->u.attempt.family, c->next->family);
  c->next++;
  c->events++;
}

static void on_attempt(const cnet_event_t *ev, void *ctx) { check_attempt(ev, ctx); }
static void on_attempt_failed(const cnet_event_t *ev, void *ctx) {
  check_attempt(ev, ctx);
  const char *code = ev->u.attempt.error->code;
  /* EADDRNOTAVAIL: ::1 where lo has no IPv6 (Node's INET6_IP gets ENETUNREACH) */
  CHECK(strcmp(code, "ECONNREFUSED") == 0 || strcmp(code, "ENETUNREACH") == 0 ||
        strcmp(code, "EHOSTUNREACH") == 0 || strcmp(code, "ETIMEDOUT") == 0 ||
        strcmp(code, "EADDRNOTAVAIL") == 0);
}
EXPECT_CALLS(on_ready, 0);
static void on_ready(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CALLED(on_ready);
  cnet_socket_destroy(ev->emitter, NULL);
}
EXPECT_CALLS(on_error, 2);
static void on_error(const cnet_event_t *ev, void *ctx) {
  case_t *c = ctx;
  CALLED(on_error);
  CHECK(c->next->address == NULL); /* every attempt came first */
  c->events++;
  cnet_socket_destroy(ev->emitter, NULL);
}

static void start(const char *const *ips, case_t *c) {
  cnet_socket_t *connection = cnet_create_connection(
      NULL,
      &(cnet_connect_opts){.host = "example.org", .port = port, .lookup = node_mocked_lookup,
                           .lookup_ctx = (void *)ips, .auto_select_family = CNET_TRUE,
                           .auto_select_family_attempt_timeout = 10},
      NULL, NULL);
  CHECK(connection != NULL);
  cnet_on(connection, CNET_EV_CONNECTION_ATTEMPT, on_attempt, c);
  cnet_on(connection, CNET_EV_CONNECTION_ATTEMPT_FAILED, on_attempt_failed, c);
  cnet_on(connection, CNET_EV_READY, on_ready, c);
  cnet_on(connection, CNET_EV_ERROR, on_error, c);
}

/* A single IP: family autoselection is bypassed. */
static const char *const single[] = {"127.0.0.1", NULL};
static const expected_t single_events[] = {{"127.0.0.1", 4}, {"127.0.0.1", 4}, {NULL, 0}};
static case_t single_case = {single_events, 0};

/* Multiple IPs: every attempt's events. */
static const char *const multiple[] = {"::1", "127.0.0.1", NULL};
static const expected_t multiple_events[] = {
    {"::1", 6}, {"::1", 6}, {"127.0.0.1", 4}, {"127.0.0.1", 4}, {NULL, 0}};
static case_t multiple_case = {multiple_events, 0};

int main(void) {
  port = node_refused_port();
  start(single, &single_case);
  start(multiple, &multiple_case);
  int rc = node_test_run();
  CHECK_INT(single_case.events, 3);
  CHECK_INT(multiple_case.events, 5);
  return rc;
}
