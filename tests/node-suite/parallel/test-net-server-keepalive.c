/* test/parallel/test-net-server-keepalive.js: createServer({ keepAlive,
 * keepAliveInitialDelay }) turns keep-alive on for each accepted connection
 * with the server's delay, and socket.setKeepAlive(true, ms) then changes
 * the delay (in whole seconds).
 *
 * Node's test counts the calls into the handle (_handle.setKeepAlive); C
 * sees their effect instead, the options on the accepted descriptor:
 * SO_KEEPALIVE and TCP_KEEPIDLE after each step. */
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
  /* the server's keepAlive and keepAliveInitialDelay (1000 ms) */
  CHECK_INT(node_sockopt(fd, SOL_SOCKET, SO_KEEPALIVE), 1);
  CHECK_INT(node_sockopt(fd, IPPROTO_TCP, TCP_KEEPIDLE), 1);
  cnet_socket_set_keep_alive(socket, true, 1000);
  CHECK_INT(node_sockopt(fd, IPPROTO_TCP, TCP_KEEPIDLE), 1);
  cnet_socket_set_keep_alive(socket, true, 2000);
  CHECK_INT(node_sockopt(fd, IPPROTO_TCP, TCP_KEEPIDLE), 2);
  cnet_socket_set_keep_alive(socket, true, 3000);
  CHECK_INT(node_sockopt(fd, SOL_SOCKET, SO_KEEPALIVE), 1);
  CHECK_INT(node_sockopt(fd, IPPROTO_TCP, TCP_KEEPIDLE), 3);
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
  server = cnet_create_server(
      NULL, &(cnet_server_opts){.keep_alive = true, .keep_alive_initial_delay = 1000},
      on_connection, NULL);
  node_listen_local(server, on_listening, NULL);
  return node_test_run();
}
