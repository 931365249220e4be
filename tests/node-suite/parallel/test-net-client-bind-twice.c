/* test/parallel/test-net-client-bind-twice.js: a client whose localPort is
 * the port another server listens on fails with EADDRINUSE and never
 * connects; neither server gets a connection. */
#include "../common.h"

static cnet_server_t *server1, *server2;

EXPECT_CALLS(on_connection, 0);
static void on_connection(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_connection);
}
EXPECT_CALLS(on_connect, 0);
static void on_connect(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_connect);
}
EXPECT_CALLS(on_error, 1);
static void on_error(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CALLED(on_error);
  CHECK_ERR_CODE(ev->u.error, "EADDRINUSE");
  cnet_server_close(server1, NULL, NULL);
  cnet_server_close(server2, NULL, NULL);
}
EXPECT_CALLS(on_listening2, 1);
static void on_listening2(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_listening2);
  cnet_socket_t *client = cnet_connect(
      NULL,
      &(cnet_connect_opts){.host = "127.0.0.1", .port = node_port(server1),
                           .local_address = "127.0.0.1", .local_port = node_port(server2)},
      on_connect, NULL);
  CHECK(client != NULL);
  cnet_on(client, CNET_EV_ERROR, on_error, NULL);
}
EXPECT_CALLS(on_listening1, 1);
static void on_listening1(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_listening1);
  server2 = cnet_create_server(NULL, NULL, on_connection, NULL);
  node_listen_local(server2, on_listening2, NULL);
}

int main(void) {
  server1 = cnet_create_server(NULL, NULL, on_connection, NULL);
  node_listen_local(server1, on_listening1, NULL);
  return node_test_run();
}
