/* test/parallel/test-net-autoselectfamily-commandline-option.js: with
 * family autoselection off for the process (Node's flag
 * --no-network-family-autoselection), a lookup answering ::1 then 127.0.0.1
 * makes one attempt, to ::1, which is refused: IPv4 is not tried and
 * autoSelectFamilyAttemptedAddresses stays undefined. cnet has no command
 * line: the flag is the setter called first thing in main. */
#include "../common.h"

static const char *const v6_v4[] = {"::1", "127.0.0.1", NULL};
static cnet_server_t *ipv4_server;
static int port;

EXPECT_CALLS(on_data, 0); /* the connection listener never runs */
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

EXPECT_CALLS(on_ready, 0);
static void on_ready(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_ready);
}
EXPECT_CALLS(on_error, 1);
static void on_error(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CALLED(on_error);
  const cnet_error_t *err = ev->u.error;
  CHECK(cnet_socket_auto_select_family_attempted_addresses(ev->emitter, NULL) == NULL);
  node_check_ipv6_refused(err, port);
  cnet_server_close(ipv4_server, NULL, NULL);
}

EXPECT_CALLS(on_listening, 1);
static void on_listening(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_listening);
  port = node_port(ipv4_server);
  cnet_socket_t *connection = cnet_create_connection(
      NULL,
      &(cnet_connect_opts){.host = "example.org", .port = port, .lookup = node_mocked_lookup,
                           .lookup_ctx = (void *)v6_v4},
      NULL, NULL);
  cnet_on(connection, CNET_EV_READY, on_ready, NULL);
  cnet_on(connection, CNET_EV_ERROR, on_error, NULL);
}

int main(void) {
  cnet_set_default_auto_select_family(false); /* --no-network-family-autoselection */
  ipv4_server = cnet_create_server(NULL, NULL, on_connection, NULL);
  node_listen_local(ipv4_server, on_listening, NULL);
  return node_test_run();
}
