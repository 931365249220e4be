/* test/parallel/test-net-server-close.js: server.close() while two
 * connections are open, then destroying them: each connection and the
 * server emit `close`. */
#include "../common.h"

static cnet_server_t *server;
static cnet_socket_t *sockets[2];
static int nsockets;

EXPECT_CALLS(on_socket_close, 2);
static void on_socket_close(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_socket_close);
}
static void on_connection(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_t *c = ev->u.connection;
  cnet_on(c, CNET_EV_CLOSE, on_socket_close, NULL);
  sockets[nsockets++] = c;
  if (nsockets == 2) {
    CHECK(cnet_server_close(server, NULL, NULL) == 0);
    for (int i = 0; i < 2; i++) cnet_socket_destroy(sockets[i], NULL);
  }
}
EXPECT_CALLS(on_server_close, 1);
static void on_server_close(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_server_close);
}
static void on_listening(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CHECK(cnet_create_connection_port(NULL, node_port(server), "127.0.0.1", NULL, NULL) != NULL);
  CHECK(cnet_create_connection_port(NULL, node_port(server), "127.0.0.1", NULL, NULL) != NULL);
}

int main(void) {
  server = cnet_create_server(NULL, NULL, on_connection, NULL);
  cnet_on(server, CNET_EV_CLOSE, on_server_close, NULL);
  node_listen_local(server, on_listening, NULL);
  return node_test_run();
}
