/* test/sequential/test-net-server-address.js: server.address() gives the
 * address, port and family it listens on: 127.0.0.1 and ::1 on a named port,
 * and "::" (IPv6) when no host is given, with a named port, no port or 0.
 *
 * common.PORT + n is a port found free just before (node_unused_port()).
 * The last three servers bind the any address, as Node's test does; nothing
 * connects to them. */
#include "../common.h"

static int port4, port6, port_any;

EXPECT_CALLS(on_error, 0);
static void on_error(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_error);
}

static cnet_server_t *new_server(void) {
  cnet_server_t *srv = cnet_create_server(NULL, NULL, NULL, NULL);
  CHECK(srv != NULL);
  cnet_on(srv, CNET_EV_ERROR, on_error, NULL);
  return srv;
}

/* port: the one it must be on, or NULL for any */
static void check_address(cnet_server_t *srv, const char *address, const char *family,
                          const int *port) {
  cnet_address_t a;
  CHECK(cnet_server_address(srv, &a, NULL, NULL) == 0);
  CHECK_STR(a.address, address);
  CHECK_STR(a.family, family);
  if (port) CHECK_INT(a.port, *port);
  else CHECK(a.port > 0);
  CHECK(cnet_server_close(srv, NULL, NULL) == 0);
}

EXPECT_CALLS(on_listening4, 1);
static void on_listening4(const cnet_event_t *ev, void *ctx) {
  CALLED(on_listening4);
  check_address(ev->emitter, "127.0.0.1", "IPv4", ctx);
}
EXPECT_CALLS(on_listening6, 1);
static void on_listening6(const cnet_event_t *ev, void *ctx) {
  CALLED(on_listening6);
  check_address(ev->emitter, "::1", "IPv6", ctx);
}
EXPECT_CALLS(on_listening_any, 3);
static void on_listening_any(const cnet_event_t *ev, void *ctx) {
  CALLED(on_listening_any);
  check_address(ev->emitter, "::", "IPv6", ctx);
}

int main(void) {
  port4 = node_unused_port();
  CHECK(cnet_server_listen_port(new_server(), port4, "127.0.0.1", on_listening4, &port4) == 0);

  port6 = node_unused_port();
  CHECK(cnet_server_listen_port(new_server(), port6, "::1", on_listening6, &port6) == 0);
  /* Specify the port number */
  port_any = node_unused_port();
  CHECK(cnet_server_listen_port(new_server(), port_any, NULL, on_listening_any, &port_any) == 0);
  /* Don't specify the port number: listen(cb) */
  CHECK(cnet_server_listen(new_server(), NULL, on_listening_any, NULL) == 0);
  /* Specify a false-y port number */
  CHECK(cnet_server_listen_port(new_server(), 0, NULL, on_listening_any, NULL) == 0);
  return node_test_run();
}
