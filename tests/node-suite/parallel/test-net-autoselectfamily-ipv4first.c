/* test/parallel/test-net-autoselectfamily-ipv4first.js: Happy Eyeballs
 * when the lookup answers an A record first (127.0.0.1, then ::1): the
 * first address wins, and the IPv6 server listening on ::1 at the same
 * port gets no data. Needs ::1, as Node's (common.hasIPv6). */
#include "../common.h"

static const char *const v4_v6[] = {"127.0.0.1", "::1", NULL};
static cnet_server_t *ipv4_server, *ipv6_server;
static node_text_t response;

EXPECT_CALLS(on_data_ipv4, 1);
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
EXPECT_CALLS(on_data_ipv6, 0);
static void on_data_ipv6(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_data_ipv6);
}
static void on_connection_ipv6(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_on(ev->u.connection, CNET_EV_DATA, on_data_ipv6, NULL);
}

EXPECT_CALLS(on_client_end, 1);
static void on_client_end(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_client_end);
  CHECK_STR(response.text, "response-ipv4");
  cnet_server_close(ipv4_server, NULL, NULL);
  cnet_server_close(ipv6_server, NULL, NULL);
}

EXPECT_CALLS(on_listening_ipv6, 1);
static void on_listening_ipv6(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_listening_ipv6);
  cnet_socket_t *connection = cnet_create_connection(
      NULL,
      &(cnet_connect_opts){.host = "example.org", .port = node_port(ipv4_server),
                           .lookup = node_mocked_lookup, .lookup_ctx = (void *)v4_v6,
                           .auto_select_family = CNET_TRUE},
      NULL, NULL);
  CHECK(cnet_socket_set_encoding(connection, "utf-8") == 0);
  cnet_on(connection, CNET_EV_DATA, node_text_on_data, &response);
  cnet_on(connection, CNET_EV_END, on_client_end, NULL);
  cnet_socket_write_string(connection, "request", NULL, NULL, NULL);
}
EXPECT_CALLS(on_listening_ipv4, 1);
static void on_listening_ipv4(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_listening_ipv4);
  CHECK(cnet_server_listen_port(ipv6_server, node_port(ipv4_server), "::1", on_listening_ipv6,
                                NULL) == 0);
}

int main(void) {
  if (!node_has_ipv6()) {
    printf("SKIP: no IPv6 (::1) on this machine, as Node's common.hasIPv6\n");
    return 77;
  }
  ipv4_server = cnet_create_server(NULL, NULL, on_connection_ipv4, NULL);
  ipv6_server = cnet_create_server(NULL, NULL, on_connection_ipv6, NULL);
  node_listen_local(ipv4_server, on_listening_ipv4, NULL);
  return node_test_run();
}
