/* test/parallel/test-net-listen-ipv6only.js: a server on "::" with ipv6Only
 * takes no IPv4 connection: connecting over IPv4 to its port is refused.
 * Node connects to 0.0.0.0 (this host); here to 127.0.0.1, the same host
 * over loopback. Skipped where the host has no IPv6. */
#include "../common.h"

static cnet_server_t *server;

EXPECT_CALLS(on_connect, 0);
static void on_connect(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_connect);
}

EXPECT_CALLS(on_error, 1);
static void on_error(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CALLED(on_error);
  CHECK_ERR_CODE(ev->u.error, "ECONNREFUSED");
  cnet_server_close(server, NULL, NULL);
}

EXPECT_CALLS(on_listening, 1);
static void on_listening(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_listening);
  cnet_socket_t *socket = cnet_connect(
      NULL, &(cnet_connect_opts){.host = "127.0.0.1", .port = node_port(server)}, NULL, NULL);
  cnet_on(socket, CNET_EV_CONNECT, on_connect, NULL);
  cnet_on(socket, CNET_EV_ERROR, on_error, NULL);
}

int main(void) {
  if (!node_has_ipv6()) {
    printf("SKIP: no IPv6 support\n");
    return 77;
  }
  server = cnet_create_server(NULL, NULL, NULL, NULL);
  CHECK_INT(cnet_server_listen(server, &(cnet_listen_opts){.host = "::", .port = 0, .ipv6_only = true},
                               on_listening, NULL),
            0);
  return node_test_run();
}
