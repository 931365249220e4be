/* test/parallel/test-net-server-nodelay.js: createServer({ noDelay: true })
 * sets TCP_NODELAY on each accepted connection, and setNoDelay(true) after
 * leaves it on.
 *
 * Node's test counts the calls into the handle (_handle.setNoDelay); C sees
 * their effect instead, TCP_NODELAY on the accepted descriptor. */
#include "../common.h"
#include <netinet/tcp.h>

static cnet_server_t *server;

EXPECT_CALLS(on_connection, 1);
static void on_connection(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CALLED(on_connection);
  cnet_socket_t *socket = ev->u.connection;
  int fd = node_tcp_fd(cnet_socket_local_port(socket), cnet_socket_remote_port(socket));
  CHECK(fd >= 0);
  CHECK_INT(node_sockopt(fd, IPPROTO_TCP, TCP_NODELAY), 1);
  cnet_socket_set_no_delay(socket, true);
  CHECK_INT(node_sockopt(fd, IPPROTO_TCP, TCP_NODELAY), 1);
  cnet_socket_destroy(socket, NULL);
  cnet_server_close(server, NULL, NULL);
}
EXPECT_CALLS(on_listening, 1);
static void on_listening(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_listening);
  CHECK(cnet_connect_port(NULL, node_port(server), "127.0.0.1", NULL, NULL) != NULL);
}

int main(void) {
  server = cnet_create_server(NULL, &(cnet_server_opts){.no_delay = true}, on_connection, NULL);
  node_listen_local(server, on_listening, NULL);
  return node_test_run();
}
