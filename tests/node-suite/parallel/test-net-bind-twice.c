/* test/parallel/test-net-bind-twice.js: a second server listening on the
 * address and port of a first one fails with EADDRINUSE; neither gets a
 * connection, the second no `listening`. */
#include "../common.h"

static cnet_server_t *server1, *server2;

EXPECT_CALLS(on_connection, 0);
static void on_connection(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_connection);
}
EXPECT_CALLS(on_listening2, 0);
static void on_listening2(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_listening2);
}
EXPECT_CALLS(on_error2, 1);
static void on_error2(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CALLED(on_error2);
  CHECK_ERR_CODE(ev->u.error, "EADDRINUSE");
  cnet_server_close(server1, NULL, NULL);
  cnet_server_close(server2, NULL, NULL); /* never listened: its close frees it */
}
EXPECT_CALLS(on_listening1, 1);
static void on_listening1(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_listening1);
  server2 = cnet_create_server(NULL, NULL, on_connection, NULL);
  CHECK(cnet_server_listen_port(server2, node_port(server1), "127.0.0.1", on_listening2, NULL) == 0);
  cnet_on(server2, CNET_EV_ERROR, on_error2, NULL);
}

int main(void) {
  server1 = cnet_create_server(NULL, NULL, on_connection, NULL);
  node_listen_local(server1, on_listening1, NULL);
  return node_test_run();
}
