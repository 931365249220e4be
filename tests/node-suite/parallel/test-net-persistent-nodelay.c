/* test/parallel/test-net-persistent-nodelay.js: setNoDelay() called on a
 * socket before it has a handle applies once it connects. Node's test
 * counts the handle's setNoDelay calls; here TCP_NODELAY is read on the
 * socket's descriptor, at `connect` and still at `end`. */
#include <netinet/tcp.h>

#include "../common.h"

static cnet_server_t *echo_server;
static cnet_socket_t *sock1;

static int nodelay(void) {
  return node_tcp_opt(cnet_socket_local_port(sock1), node_port(echo_server), IPPROTO_TCP, TCP_NODELAY);
}

static void on_connection(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_end(ev->u.connection, NULL, NULL);
}

EXPECT_CALLS(on_connect, 1);
static void on_connect(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_connect);
  CHECK_INT(nodelay(), 1);
}

EXPECT_CALLS(on_end, 1);
static void on_end(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_end);
  CHECK_INT(nodelay(), 1);
  cnet_server_close(echo_server, NULL, NULL);
}

static void on_listening(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  sock1 = cnet_socket_new(NULL, NULL);
  cnet_socket_set_no_delay(sock1, true); /* before the handle is created */
  CHECK_INT(cnet_socket_connect_port(sock1, node_port(echo_server), "127.0.0.1", on_connect, NULL), 0);
  cnet_on(sock1, CNET_EV_END, on_end, NULL);
}

int main(void) {
  echo_server = cnet_create_server(NULL, NULL, on_connection, NULL);
  node_listen_local(echo_server, on_listening, NULL);
  return node_test_run();
}
