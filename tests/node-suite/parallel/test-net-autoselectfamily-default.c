/* test/parallel/test-net-autoselectfamily-default.js: a connection made
 * without autoSelectFamily follows net.setDefaultAutoSelectFamily() as it
 * is when the connection is made: true reaches IPv4 after ::1 is refused;
 * false tries ::1 only and fails with its ECONNREFUSED. */
#include "../common.h"

#define ATTEMPT_TIMEOUT 2500 /* common.defaultAutoSelectFamilyAttemptTimeout */

static const char *const v6_v4[] = {"::1", "127.0.0.1", NULL};

/* Both servers answer the request they get (only the first gets one). */
EXPECT_CALLS(on_data, 1);
static void on_data(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CALLED(on_data);
  cnet_socket_write_string(ev->emitter, "response-ipv4", NULL, NULL, NULL);
  cnet_socket_end(ev->emitter, NULL, NULL);
}
static void on_connection(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_on(ev->u.connection, CNET_EV_DATA, on_data, NULL);
}

/* ---- enabled by default: IPv4 is reached ---- */

static cnet_server_t *enabled_server;
static node_text_t response;
EXPECT_CALLS(on_client_end, 1);
static void on_client_end(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_client_end);
  CHECK_STR(response.text, "response-ipv4");
  cnet_server_close(enabled_server, NULL, NULL);
}
EXPECT_CALLS(on_listening_enabled, 1);
static void on_listening_enabled(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_listening_enabled);
  cnet_set_default_auto_select_family(true);
  cnet_socket_t *connection = cnet_create_connection(
      NULL,
      &(cnet_connect_opts){.host = "example.org", .port = node_port(enabled_server),
                           .lookup = node_mocked_lookup, .lookup_ctx = (void *)v6_v4,
                           .auto_select_family_attempt_timeout = ATTEMPT_TIMEOUT},
      NULL, NULL);
  CHECK(cnet_socket_set_encoding(connection, "utf-8") == 0);
  cnet_on(connection, CNET_EV_DATA, node_text_on_data, &response);
  cnet_on(connection, CNET_EV_END, on_client_end, NULL);
  cnet_socket_write_string(connection, "request", NULL, NULL, NULL);
}

/* ---- disabled by default: IPv4 is not reached ---- */

static cnet_server_t *disabled_server;
static int disabled_port;

EXPECT_CALLS(on_ready_disabled, 0);
static void on_ready_disabled(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_ready_disabled);
}
EXPECT_CALLS(on_error_disabled, 1);
static void on_error_disabled(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CALLED(on_error_disabled);
  const cnet_error_t *err = ev->u.error;
  node_check_ipv6_refused(err, disabled_port);
  cnet_server_close(disabled_server, NULL, NULL);
}
EXPECT_CALLS(on_listening_disabled, 1);
static void on_listening_disabled(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_listening_disabled);
  cnet_set_default_auto_select_family(false);
  disabled_port = node_port(disabled_server);
  cnet_socket_t *connection = cnet_create_connection(
      NULL,
      &(cnet_connect_opts){.host = "example.org", .port = disabled_port,
                           .lookup = node_mocked_lookup, .lookup_ctx = (void *)v6_v4},
      NULL, NULL);
  cnet_on(connection, CNET_EV_READY, on_ready_disabled, NULL);
  cnet_on(connection, CNET_EV_ERROR, on_error_disabled, NULL);
}

int main(void) {
  enabled_server = cnet_create_server(NULL, NULL, on_connection, NULL);
  node_listen_local(enabled_server, on_listening_enabled, NULL);
  disabled_server = cnet_create_server(NULL, NULL, on_connection, NULL);
  node_listen_local(disabled_server, on_listening_disabled, NULL);
  return node_test_run();
}
