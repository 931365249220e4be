/* test/parallel/test-net-remote-address-port.js: remoteAddress, remoteFamily
 * and remotePort are undefined while connecting, set once connected (on
 * both ends), and still readable at `close`. Node's second client connects
 * to the default host (localhost); here both use 127.0.0.1. */
#include "../common.h"

static cnet_server_t *server;
static int conns_closed;

static bool is_remote_addr(const char *a) {
  return a && (!strcmp(a, "127.0.0.1") || !strcmp(a, "::1") || !strcmp(a, "::ffff:127.0.0.1"));
}
static bool is_remote_family(const char *f) {
  return f && (!strcmp(f, "IPv4") || !strcmp(f, "IPv6"));
}

static void on_server_end(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  if (++conns_closed == 2) cnet_server_close(server, NULL, NULL);
}
static void on_server_close(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CHECK(is_remote_addr(cnet_socket_remote_address(ev->emitter)));
  CHECK(is_remote_family(cnet_socket_remote_family(ev->emitter)));
}

EXPECT_CALLS(on_connection, 2);
static void on_connection(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CALLED(on_connection);
  cnet_socket_t *socket = ev->u.connection;
  CHECK(is_remote_addr(cnet_socket_remote_address(socket)));
  CHECK(is_remote_family(cnet_socket_remote_family(socket)));
  CHECK(cnet_socket_remote_port(socket) > 0);
  CHECK(cnet_socket_remote_port(socket) != node_port(server));
  cnet_on(socket, CNET_EV_END, on_server_end, NULL);
  cnet_on(socket, CNET_EV_CLOSE, on_server_close, NULL);
  cnet_socket_resume(socket);
}

EXPECT_CALLS(on_client_connect, 2);
static void on_client_connect(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CALLED(on_client_connect);
  cnet_socket_t *client = ev->emitter;
  CHECK(is_remote_addr(cnet_socket_remote_address(client)));
  CHECK(is_remote_family(cnet_socket_remote_family(client)));
  CHECK_INT(cnet_socket_remote_port(client), node_port(server));
  cnet_socket_end(client, NULL, NULL);
}
EXPECT_CALLS(on_client_close, 2);
static void on_client_close(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CALLED(on_client_close);
  CHECK(is_remote_addr(cnet_socket_remote_address(ev->emitter)));
  CHECK(is_remote_family(cnet_socket_remote_family(ev->emitter)));
}

static void on_listening(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  for (int i = 0; i < 2; i++) {
    cnet_socket_t *client = cnet_create_connection_port(NULL, node_port(server), "127.0.0.1", NULL, NULL);
    CHECK(cnet_socket_remote_address(client) == NULL);
    CHECK(cnet_socket_remote_family(client) == NULL);
    CHECK_INT(cnet_socket_remote_port(client), -1);
    cnet_on(client, CNET_EV_CONNECT, on_client_connect, NULL);
    cnet_on(client, CNET_EV_CLOSE, on_client_close, NULL);
  }
}

int main(void) {
  server = cnet_create_server(NULL, NULL, on_connection, NULL);
  node_listen_local(server, on_listening, NULL);
  return node_test_run();
}
