/* test/parallel/test-net-local-address-port.js: an accepted socket's
 * localAddress, localPort and localFamily are the server's address. */
#include "../common.h"

static cnet_server_t *server;

static void on_end(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  cnet_server_close(server, NULL, NULL);
}

EXPECT_CALLS(on_connection, 1);
static void on_connection(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CALLED(on_connection);
  cnet_socket_t *socket = ev->u.connection;
  cnet_address_t a;
  CHECK_INT(cnet_server_address(server, &a, NULL, NULL), 0);
  CHECK_STR(cnet_socket_local_address(socket), "127.0.0.1");
  CHECK_INT(cnet_socket_local_port(socket), a.port);
  CHECK_STR(cnet_socket_local_family(socket), a.family);
  cnet_on(socket, CNET_EV_END, on_end, NULL);
  cnet_socket_resume(socket);
}

static void on_connect(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_end(ev->emitter, NULL, NULL);
}

static void on_listening(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  cnet_socket_t *client = cnet_create_connection_port(NULL, node_port(server), "127.0.0.1", NULL, NULL);
  cnet_on(client, CNET_EV_CONNECT, on_connect, NULL);
}

int main(void) {
  server = cnet_create_server(NULL, NULL, on_connection, NULL);
  node_listen_local(server, on_listening, NULL);
  return node_test_run();
}
