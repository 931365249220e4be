/* test/parallel/test-net-during-close.js: reading remoteAddress,
 * remoteFamily and remotePort of a client still connecting, right after its
 * server was closed, is fine (undefined: NULL and -1). Node then exits
 * without waiting for the client; here the client is destroyed instead. */
#include "../common.h"

static cnet_server_t *server;

static void on_connection(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_end(ev->u.connection, NULL, NULL);
}

EXPECT_CALLS(on_listening, 1);
static void on_listening(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_listening);
  cnet_socket_t *client = cnet_create_connection_port(NULL, node_port(server), "127.0.0.1", NULL, NULL);
  cnet_server_close(server, NULL, NULL);
  CHECK(cnet_socket_remote_address(client) == NULL);
  CHECK(cnet_socket_remote_family(client) == NULL);
  CHECK_INT(cnet_socket_remote_port(client), -1);
  cnet_socket_destroy(client, NULL);
}

int main(void) {
  server = cnet_create_server(NULL, NULL, on_connection, NULL);
  node_listen_local(server, on_listening, NULL);
  return node_test_run();
}
