/* test/parallel/test-net-autoselectfamily.js: Happy Eyeballs with a mocked
 * lookup. IPv4 is reached when IPv6 is not; only the last, successful
 * attempt connects, after the addresses were tried alternating families;
 * IPv4 is not tried when IPv6 answers; when all fail the error is an
 * AggregateError of every attempt's; autoSelectFamily false tries the first
 * address only.
 *
 * Node's second case mixes public addresses (2606:4700::..., 104.20.2x.46)
 * that time out with loopback ones; here the failing ones are loopback
 * addresses with nothing listening on the port, which refuse at once:
 * ::ffff:127.0.0.2 and ::ffff:127.0.0.3 (IPv6 sockets, IPv4-mapped) and
 * 127.0.0.2, 127.0.0.3. The order of the attempts is the same. Node's port
 * 10 for the all-failing case is a port that refuses (node_refused_port).
 * The IPv6 parts run where ::1 exists, as Node's common.hasIPv6. */
#include "../common.h"

#define ATTEMPT_TIMEOUT 2500 /* common.defaultAutoSelectFamilyAttemptTimeout */

typedef struct {
  cnet_server_t *ipv4, *ipv6;
  const char *expect; /* the response the client must get */
  node_text_t response;
  int port;
} case_t;

static bool has_ipv6;

/* ---- the servers: they answer the request, then end ---- */

EXPECT_CALLS(on_data_ipv4, 2);
static void on_data_ipv4(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CALLED(on_data_ipv4);
  cnet_socket_write_string(ev->emitter, "response-ipv4", NULL, NULL, NULL);
  cnet_socket_end(ev->emitter, NULL, NULL);
}
static void on_connection_ipv4(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_on(ev->u.connection, CNET_EV_DATA, on_data_ipv4, NULL);
}
static void on_data_ipv6(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_write_string(ev->emitter, "response-ipv6", NULL, NULL, NULL);
  cnet_socket_end(ev->emitter, NULL, NULL);
}
/* The third case's IPv4 server must not get data (mustNotCall). */
EXPECT_CALLS(on_data_not_ipv4, 0);
static void on_data_not_ipv4(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_data_not_ipv4);
}
static void on_connection_not_ipv4(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_on(ev->u.connection, CNET_EV_DATA, on_data_not_ipv4, NULL);
}
EXPECT_CALLS(on_data_ipv6_once, 1);
static void on_data_ipv6_once(const cnet_event_t *ev, void *ctx) {
  CALLED(on_data_ipv6_once);
  on_data_ipv6(ev, ctx);
}
static void on_connection_ipv6(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_on(ev->u.connection, CNET_EV_DATA, on_data_ipv6_once, NULL);
}

/* ---- the client: writes a request, reads the response to its end ---- */

static void check_attempted(cnet_socket_t *s, int port, const char *const *want) {
  size_t n, i;
  const char *const *got = cnet_socket_auto_select_family_attempted_addresses(s, &n);
  CHECK(got != NULL);
  for (i = 0; want[i]; i++) {
    char expected[96];
    snprintf(expected, sizeof expected, "%s:%d", want[i], port);
    CHECK(i < n);
    CHECK_STR(got[i], expected);
  }
  CHECK_INT(n, i);
}

EXPECT_CALLS(on_client_end, 3);
static void on_client_end(const cnet_event_t *ev, void *ctx) {
  (void)ev;
  case_t *c = ctx;
  CALLED(on_client_end);
  CHECK_STR(c->response.text, c->expect);
  cnet_server_close(c->ipv4, NULL, NULL);
  if (c->ipv6) cnet_server_close(c->ipv6, NULL, NULL);
}

static cnet_socket_t *connect_client(case_t *c, const char *const *ips) {
  cnet_socket_t *s = cnet_create_connection(
      NULL,
      &(cnet_connect_opts){.host = "example.org", .port = c->port, .lookup = node_mocked_lookup,
                           .lookup_ctx = (void *)ips, .auto_select_family = CNET_TRUE,
                           .auto_select_family_attempt_timeout = ATTEMPT_TIMEOUT},
      NULL, NULL);
  CHECK(s != NULL);
  CHECK(cnet_socket_set_encoding(s, "utf-8") == 0);
  cnet_on(s, CNET_EV_DATA, node_text_on_data, &c->response);
  cnet_on(s, CNET_EV_END, on_client_end, c);
  cnet_socket_write_string(s, "request", NULL, NULL, NULL);
  return s;
}

/* ---- IPv4 is reached if IPv6 is not reachable ---- */

static const char *const v6_v4[] = {"::1", "127.0.0.1", NULL};
static case_t first = {.expect = "response-ipv4"};

EXPECT_CALLS(on_ready_first, 1);
static void on_ready_first(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CALLED(on_ready_first);
  check_attempted(ev->emitter, first.port, v6_v4);
}
EXPECT_CALLS(on_listening_first, 1);
static void on_listening_first(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_listening_first);
  first.port = node_port(first.ipv4);
  cnet_on(connect_client(&first, v6_v4), CNET_EV_READY, on_ready_first, NULL);
}

/* ---- only the last, successful connection is established ---- */

static const char *const many[] = {"::ffff:127.0.0.2", "::ffff:127.0.0.3", "::1",
                                   "127.0.0.2",        "127.0.0.3",        "127.0.0.1", NULL};
static const char *const many_order[] = {"::ffff:127.0.0.2", "127.0.0.2", "::ffff:127.0.0.3",
                                         "127.0.0.3",        "::1",       "127.0.0.1", NULL};
static case_t second = {.expect = "response-ipv4"};

EXPECT_CALLS(on_ready_second, 1);
static void on_ready_second(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CALLED(on_ready_second);
  check_attempted(ev->emitter, second.port, many_order);
}
EXPECT_CALLS(on_listening_second, 1);
static void on_listening_second(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_listening_second);
  second.port = node_port(second.ipv4);
  cnet_on(connect_client(&second, many), CNET_EV_READY, on_ready_second, NULL);
}

/* ---- IPv4 is not reached if IPv6 is reachable ---- */

static const char *const v6_only[] = {"::1", NULL};
static case_t third = {.expect = "response-ipv6"};

EXPECT_CALLS(on_ready_third, 1);
static void on_ready_third(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CALLED(on_ready_third);
  check_attempted(ev->emitter, third.port, v6_only);
}
EXPECT_CALLS(on_listening_third6, 1);
static void on_listening_third6(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_listening_third6);
  cnet_on(connect_client(&third, v6_v4), CNET_EV_READY, on_ready_third, NULL);
}
EXPECT_CALLS(on_listening_third4, 1);
static void on_listening_third4(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_listening_third4);
  third.port = node_port(third.ipv4);
  CHECK(cnet_server_listen_port(third.ipv6, third.port, "::1", on_listening_third6, NULL) == 0);
}

/* ---- all errors are returned when no connection succeeded ---- */

static int refused;
static bool has_message(const cnet_error_t *err, const char *ip) {
  char want[96];
  snprintf(want, sizeof want, "connect ECONNREFUSED %s:%d", ip, refused);
  for (size_t i = 0; i < err->nerrors; i++)
    if (strcmp(err->errors[i]->message, want) == 0) return true;
  return false;
}
EXPECT_CALLS(on_ready_failing, 0);
static void on_ready_failing(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_ready_failing);
}
EXPECT_CALLS(on_error_failing, 1);
static void on_error_failing(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CALLED(on_error_failing);
  const cnet_error_t *err = ev->u.error;
  check_attempted(ev->emitter, refused, v6_v4);
  CHECK_STR(err->name, "AggregateError");
  CHECK_INT(err->nerrors, 2);
  CHECK(has_message(err, "127.0.0.1"));
  if (has_ipv6) CHECK(has_message(err, "::1"));
}
static void all_failing(void) {
  refused = node_refused_port();
  cnet_socket_t *s = cnet_create_connection(
      NULL,
      &(cnet_connect_opts){.host = "example.org", .port = refused, .lookup = node_mocked_lookup,
                           .lookup_ctx = (void *)v6_v4, .auto_select_family = CNET_TRUE,
                           .auto_select_family_attempt_timeout = ATTEMPT_TIMEOUT},
      NULL, NULL);
  cnet_on(s, CNET_EV_READY, on_ready_failing, NULL);
  cnet_on(s, CNET_EV_ERROR, on_error_failing, NULL);
}

/* ---- the option can be disabled ---- */

static cnet_server_t *disabled_server;
static int disabled_port;
EXPECT_CALLS(on_error_disabled, 1);
static void on_error_disabled(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CALLED(on_error_disabled);
  const cnet_error_t *err = ev->u.error;
  CHECK(cnet_socket_auto_select_family_attempted_addresses(ev->emitter, NULL) == NULL);
  node_check_ipv6_refused(err, disabled_port);
  cnet_server_close(disabled_server, NULL, NULL);
}
EXPECT_CALLS(on_listening_disabled, 1);
static void on_listening_disabled(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_listening_disabled);
  disabled_port = node_port(disabled_server);
  cnet_socket_t *s = cnet_create_connection(
      NULL,
      &(cnet_connect_opts){.host = "example.org", .port = disabled_port,
                           .lookup = node_mocked_lookup, .lookup_ctx = (void *)v6_v4,
                           .auto_select_family = CNET_FALSE},
      NULL, NULL);
  cnet_on(s, CNET_EV_READY, on_ready_failing, NULL);
  cnet_on(s, CNET_EV_ERROR, on_error_disabled, NULL);
}

int main(void) {
  has_ipv6 = node_has_ipv6();

  first.ipv4 = cnet_create_server(NULL, NULL, on_connection_ipv4, NULL);
  node_listen_local(first.ipv4, on_listening_first, NULL);

  second.ipv4 = cnet_create_server(NULL, NULL, on_connection_ipv4, NULL);
  node_listen_local(second.ipv4, on_listening_second, NULL);

  if (has_ipv6) {
    third.ipv4 = cnet_create_server(NULL, NULL, on_connection_not_ipv4, NULL);
    third.ipv6 = cnet_create_server(NULL, NULL, on_connection_ipv6, NULL);
    node_listen_local(third.ipv4, on_listening_third4, NULL);
  } else {
    printf("SKIP (part): IPv4 is not reached if IPv6 is reachable: no IPv6\n");
    EXPECT_CALLS_NOW(on_listening_third4, 0);
    EXPECT_CALLS_NOW(on_listening_third6, 0);
    EXPECT_CALLS_NOW(on_ready_third, 0);
    EXPECT_CALLS_NOW(on_data_ipv6_once, 0);
    EXPECT_CALLS_NOW(on_client_end, 2);
  }

  all_failing();

  disabled_server = cnet_create_server(NULL, NULL, on_connection_ipv4, NULL);
  node_listen_local(disabled_server, on_listening_disabled, NULL);

  int rc = node_test_run();
  return rc;
}
