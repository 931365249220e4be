/* test/parallel/test-net-server-try-ports.js: listening on a port in use
 * fails with EADDRINUSE, and the server then listens on another port. */
#include "../common.h"

static cnet_server_t *server1, *server2;

EXPECT_CALLS(on_listening2, 1);
static void on_listening2(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_listening2);
  cnet_server_close(server1, NULL, NULL);
  cnet_server_close(server2, NULL, NULL);
}
EXPECT_CALLS(on_error2, 1);
static void on_error2(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CALLED(on_error2);
  CHECK_ERR_CODE(ev->u.error, "EADDRINUSE");
  node_listen_local(server2, on_listening2, NULL);
}
EXPECT_CALLS(on_listening1, 1);
static void on_listening1(const cnet_event_t *ev, void *ctx) {
  (void)ctx;
  CALLED(on_listening1);
  /* This should make server2 emit EADDRINUSE */
  CHECK(cnet_server_listen_port(server2, node_port(ev->emitter), "127.0.0.1", NULL, NULL) == 0);
}

int main(void) {
  server1 = cnet_create_server(NULL, NULL, NULL, NULL);
  server2 = cnet_create_server(NULL, NULL, NULL, NULL);
  cnet_on(server2, CNET_EV_ERROR, on_error2, NULL);
  node_listen_local(server1, on_listening1, NULL);
  return node_test_run();
}
