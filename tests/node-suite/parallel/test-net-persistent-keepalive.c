/* test/parallel/test-net-persistent-keepalive.js: setKeepAlive(true, 400)
 * called on a socket before it connects applies once it has (SO_KEEPALIVE is
 * on at its end; Node's test spies on the handle), and the connection stays
 * open on both ends 600 ms on. The 600 ms count from the moment both ends
 * are connected. */
#include "../common.h"

static cnet_server_t *echo_server;
static cnet_socket_t *server_connection, *client_connection;

EXPECT_CALLS(check_open, 1);
static void check_open(void *ctx) {
  (void)ctx;
  CALLED(check_open);
  CHECK_STR(cnet_socket_ready_state(server_connection), "open");
  CHECK_STR(cnet_socket_ready_state(client_connection), "open");
  cnet_socket_end(server_connection, NULL, NULL);
  cnet_socket_end(client_connection, NULL, NULL);
  cnet_server_close(echo_server, NULL, NULL);
}

static int connected;
static void both_connected(void) {
  if (++connected < 2) return;
  CHECK_INT(node_tcp_opt(cnet_socket_local_port(client_connection), node_port(echo_server),
                         SOL_SOCKET, SO_KEEPALIVE),
            1);
  cnet_set_timeout(NULL, 600, check_open, NULL);
}

static void on_end(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  cnet_socket_end(ev->emitter, NULL, NULL);
}

static void on_connection(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  server_connection = ev->u.connection;
  CHECK_INT(cnet_socket_set_timeout(server_connection, 0, NULL, NULL), 0);
  cnet_on(server_connection, CNET_EV_END, on_end, NULL);
  both_connected();
}

static void on_connect(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  both_connected();
}

static void on_listening(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  client_connection = cnet_socket_new(NULL, NULL);
  /* Send a keepalive packet after 400 ms, and make sure it persists */
  cnet_socket_set_keep_alive(client_connection, true, 400);
  CHECK_INT(cnet_socket_connect_port(client_connection, node_port(echo_server), "127.0.0.1",
                                     on_connect, NULL),
            0);
  CHECK_INT(cnet_socket_set_timeout(client_connection, 0, NULL, NULL), 0);
}

int main(void) {
  echo_server = cnet_create_server(NULL, NULL, on_connection, NULL);
  node_listen_local(echo_server, on_listening, NULL);
  return node_test_run();
}
