/* test/parallel/test-net-server-blocklist.js: a server whose blockList holds
 * the peer's address closes the connection without a `connection` event. */
#include "../common.h"

static cnet_server_t *server;

EXPECT_CALLS(on_connection, 0);
static void on_connection(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_connection);
}
EXPECT_CALLS(on_close, 1);
static void on_close(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_close);
  cnet_server_close(server, NULL, NULL);
}
/* Node's test has no `error` listener: an error would end it. */
EXPECT_CALLS(on_error, 0);
static void on_error(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_error);
}
EXPECT_CALLS(on_listening, 1);
static void on_listening(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_listening);
  cnet_address_t a;
  CHECK(cnet_server_address(server, &a, NULL, NULL) == 0);
  cnet_socket_t *socket = cnet_connect(
      NULL, &(cnet_connect_opts){.local_address = "127.0.0.1", .host = a.address, .port = a.port},
      NULL, NULL);
  CHECK(socket != NULL);
  cnet_on(socket, CNET_EV_CLOSE, on_close, NULL);
  cnet_on(socket, CNET_EV_ERROR, on_error, NULL);
}

int main(void) {
  cnet_blocklist_t *block_list = cnet_blocklist_new();
  CHECK(cnet_blocklist_add_address(block_list, "127.0.0.1", NULL) == 0);
  server = cnet_create_server(NULL, &(cnet_server_opts){.block_list = block_list}, on_connection, NULL);
  node_listen_local(server, on_listening, NULL);
  int rc = node_test_run();
  cnet_blocklist_free(block_list);
  return rc;
}
