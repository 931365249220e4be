/* test/parallel/test-net-connect-reset-until-connected.js: resetAndDestroy()
 * once both the client's `connect` and the server's `connection` came: the
 * client closes, and the server's socket reads ECONNRESET ("read
 * ECONNRESET"). */
#include "../common.h"

static cnet_server_t *server;
static cnet_socket_t *conn;
static int barrier = 2;

static void connok(void) {
  if (--barrier == 0) CHECK(cnet_socket_reset_and_destroy(conn) == 0);
}

EXPECT_CALLS(on_close, 1);
static void on_close(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_close);
}
EXPECT_CALLS(on_socket_error, 1);
static void on_socket_error(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CALLED(on_socket_error);
  CHECK_ERR_CODE(ev->u.error, "ECONNRESET");
  CHECK_STR(ev->u.error->message, "read ECONNRESET");
  CHECK_STR(ev->u.error->name, "Error");
}
static void on_connection(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  connok();
  cnet_on(ev->u.connection, CNET_EV_ERROR, on_socket_error, NULL);
  cnet_server_close(server, NULL, NULL);
}
static void on_connect(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  connok();
}
EXPECT_CALLS(on_listening, 1);
static void on_listening(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_listening);
  conn = cnet_create_connection_port(NULL, node_port(server), "127.0.0.1", NULL, NULL);
  cnet_on(conn, CNET_EV_CLOSE, on_close, NULL);
  cnet_on(server, CNET_EV_CONNECTION, on_connection, NULL);
  cnet_on(conn, CNET_EV_CONNECT, on_connect, NULL);
}

int main(void) {
  server = cnet_create_server(NULL, NULL, NULL, NULL);
  node_listen_local(server, on_listening, NULL);
  return node_test_run();
}
