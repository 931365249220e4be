/* test/parallel/test-net-dns-lookup-skip.js: connecting to an IP literal
 * (IPv4, and IPv6 where the host has it) looks nothing up: no `lookup`. */
#include "../common.h"

EXPECT_CALLS(on_lookup, 0);
static void on_lookup(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_lookup);
}

static void on_connection(const cnet_event_t *ev, void *ctx) {
  cnet_socket_end(ev->u.connection, NULL, NULL);
  cnet_server_close(ctx, NULL, NULL);
}

EXPECT_CALLS(on_listening, 2);
static void on_listening(const cnet_event_t *ev, void *ctx) {
  const char *address = ctx;
  CALLED(on_listening);
  cnet_socket_t *s = cnet_connect_port(NULL, node_port(ev->emitter), address, NULL, NULL);
  cnet_on(s, CNET_EV_LOOKUP, on_lookup, NULL);
}

static void check(const char *address) {
  cnet_server_t *server = cnet_create_server(NULL, NULL, NULL, NULL);
  cnet_on(server, CNET_EV_CONNECTION, on_connection, server);
  CHECK_INT(cnet_server_listen_port(server, 0, address, on_listening, (void *)address), 0);
}

int main(void) {
  check("127.0.0.1");
  if (node_has_ipv6()) {
    check("::1");
  } else {
    printf("no IPv6: the IPv6 check is left out\n");
    EXPECT_CALLS_NOW(on_listening, 1);
  }
  return node_test_run();
}
