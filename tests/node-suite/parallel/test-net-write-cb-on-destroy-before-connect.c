/* test/parallel/test-net-write-cb-on-destroy-before-connect.js: a write
 * made while connecting, then destroy(): the write's callback gets
 * ERR_SOCKET_CLOSED_BEFORE_CONNECTION, and `connect` never comes. */
#include "../common.h"

static cnet_server_t *server;

EXPECT_CALLS(on_connect, 0);
static void on_connect(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_connect);
}
EXPECT_CALLS(write_cb, 1);
static void write_cb(cnet_socket_t *s, const cnet_error_t *err, void *ctx) {
  (void)s; (void)ctx;
  CALLED(write_cb);
  CHECK_ERR_CODE(err, "ERR_SOCKET_CLOSED_BEFORE_CONNECTION");
  CHECK_STR(err->name, "Error");
}
EXPECT_CALLS(on_listening, 1);
static void on_listening(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_listening);
  cnet_socket_t *socket = cnet_socket_new(NULL, NULL);
  cnet_on(socket, CNET_EV_CONNECT, on_connect, NULL);
  CHECK(cnet_socket_connect(socket, &(cnet_connect_opts){.port = node_port(server), .host = "127.0.0.1"},
                            NULL, NULL) == 0);
  CHECK(cnet_socket_connecting(socket));
  cnet_socket_write_string(socket, "foo", NULL, write_cb, NULL);
  cnet_socket_destroy(socket, NULL);
  cnet_server_close(server, NULL, NULL);
}

int main(void) {
  server = cnet_create_server(NULL, NULL, NULL, NULL);
  node_listen_local(server, on_listening, NULL);
  return node_test_run();
}
