/* test/parallel/test-net-listening.js: server.listening is false before
 * listen, true in the listening callback, false again in close's callback. */
#include "../common.h"

static cnet_server_t *server;

EXPECT_CALLS(on_close, 1);
static void on_close(cnet_server_t *srv, const cnet_error_t *err, void *ctx) {
  (void)srv; (void)ctx;
  CALLED(on_close);
  CHECK(err == NULL);
  CHECK(!cnet_server_listening(server));
}

EXPECT_CALLS(on_listening, 1);
static void on_listening(const cnet_event_t *ev, void *ctx) {
  (void)ev; (void)ctx;
  CALLED(on_listening);
  CHECK(cnet_server_listening(server));
  CHECK_INT(cnet_server_close(server, on_close, NULL), 0);
}

int main(void) {
  server = cnet_create_server(NULL, NULL, NULL, NULL);
  CHECK(!cnet_server_listening(server));
  node_listen_local(server, on_listening, NULL);
  return node_test_run();
}
